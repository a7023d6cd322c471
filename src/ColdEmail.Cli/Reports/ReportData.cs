using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Reports;

/// <summary>What `report` shows: the seed's daily dashboard and campaign ROI, plus the latest runs.</summary>
/// <param name="Window">The days <see cref="Daily"/> covers; null means the last <see cref="Days"/> days before <see cref="GeneratedAt"/>.</param>
public sealed record ReportData(
    DateTimeOffset GeneratedAt,
    int Days,
    IReadOnlyList<DailyPerformanceRow> Daily,
    IReadOnlyList<CampaignRoiRow> Roi,
    IReadOnlyList<RunRecord> Runs,
    ReportWindow? Window = null)
{
    /// <summary>The window in words for headers: "last 30 days" or "the 30 days up to 2026-01-30, the latest activity".</summary>
    public string WindowText => Window?.Describe() ?? $"last {Days} days";

    public static async Task<ReportData> LoadAsync(ILeadWarehouse warehouse, DateTimeOffset now, int days, CancellationToken ct) =>
        await LoadAsync(warehouse, now, days, until: null, ct);

    /// <param name="until">The window's last day (--until); null lets the window follow the data (see <see cref="ReportWindow"/>).</param>
    public static async Task<ReportData> LoadAsync(ILeadWarehouse warehouse, DateTimeOffset now, int days, DateOnly? until, CancellationToken ct)
    {
        var (window, daily) = await ReportWindow.ResolveAsync(warehouse, now, days, until, ct);
        return new(now, days, daily, await warehouse.CampaignRoiAsync(ct), await warehouse.ListRunsAsync(20, ct), window);
    }
}
