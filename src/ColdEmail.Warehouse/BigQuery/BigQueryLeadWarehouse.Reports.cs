using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>The seed's two reports, read from their views.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    public async Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("reports/daily_performance"), [BqParameter.Timestamp("since", now - TimeSpan.FromDays(Math.Max(0, days)))], ct).ConfigureAwait(false))
        .Select(r => new DailyPerformanceRow(r.Date("date")!.Value, r.RequiredString("sequence_target"), r.Int32("leads_added") ?? 0,
            r.Int32("leads_completed") ?? 0, r.Int32("leads_replied") ?? 0, r.Decimal("reply_rate"), r.Int32("leads_bounced") ?? 0,
            r.Decimal("bounce_rate"))).ToList();

    public async Task<IReadOnlyDictionary<string, long>> DrainReasonCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("reports/drain_reason_counts"),
            [BqParameter.Timestamp("from", Utc(from)), BqParameter.Timestamp("to", Utc(to))], ct).ConfigureAwait(false))
        .ToDictionary(r => r.RequiredString("drain_reason"), r => r.Int64("drained") ?? 0L, StringComparer.Ordinal);

    private static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public async Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("reports/campaign_roi"), [], ct).ConfigureAwait(false))
        .Select(r => new CampaignRoiRow(r.RequiredString("sequence_target"), r.Int32("total_leads") ?? 0, r.Int32("replied_leads") ?? 0,
            r.Decimal("avg_close_rate") ?? 0m, r.Decimal("expected_revenue") ?? 0m, r.Decimal("revenue_per_lead") ?? 0m)).ToList();
}
