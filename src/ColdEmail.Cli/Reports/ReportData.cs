using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Reports;

/// <summary>What `report` shows: the seed's daily dashboard and campaign ROI, plus the latest runs.</summary>
public sealed record ReportData(
    DateTimeOffset GeneratedAt,
    int Days,
    IReadOnlyList<DailyPerformanceRow> Daily,
    IReadOnlyList<CampaignRoiRow> Roi,
    IReadOnlyList<RunRecord> Runs)
{
    public static async Task<ReportData> LoadAsync(ILeadWarehouse warehouse, DateTimeOffset now, int days, CancellationToken ct) =>
        new(now, days,
            await warehouse.DailyPerformanceAsync(now, days, ct),
            await warehouse.CampaignRoiAsync(ct),
            await warehouse.ListRunsAsync(20, ct));
}
