namespace ColdEmail.Warehouse.Ports;

/// <summary>The seed's two reports.</summary>
public interface IReports
{
    Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default);
    Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default);
}
