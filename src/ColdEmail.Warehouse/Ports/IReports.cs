namespace ColdEmail.Warehouse.Ports;

/// <summary>The seed's two reports.</summary>
public interface IReports
{
    Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default);
    Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default);

    /// <summary>Drains recorded in <c>ops_lead_history</c> per drain reason, drained in [<paramref name="from"/>, <paramref name="to"/>) (UTC days).</summary>
    Task<IReadOnlyDictionary<string, long>> DrainReasonCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default);
}
