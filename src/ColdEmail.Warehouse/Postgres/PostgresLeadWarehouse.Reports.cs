using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using Npgsql;
using NpgsqlTypes;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>The seed's two reports, read from their views.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) =>
        QueryAsync("reading report_daily_performance", SqlText("reports/daily_performance"), r => new DailyPerformanceRow(Date(r, 0), r.GetString(1),
                Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)), Dec(r, 5),
                Convert.ToInt32(r.GetValue(6)), Dec(r, 7)),
            ct, ("since", (now - TimeSpan.FromDays(Math.Max(0, days))).UtcDateTime));

    public async Task<IReadOnlyDictionary<string, long>> DrainReasonCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        (await QueryAsync("counting drains by reason", SqlText("reports/drain_reason_counts"), r => (Reason: r.GetString(0), Count: Convert.ToInt64(r.GetValue(1))), ct,
            ("from", DateTime.SpecifyKind(from.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc)), ("to", DateTime.SpecifyKind(to.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc))).ConfigureAwait(false))
        .ToDictionary(x => x.Reason, x => x.Count, StringComparer.Ordinal);

    public Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) =>
        QueryAsync("reading report_campaign_roi", SqlText("reports/campaign_roi"), r => new CampaignRoiRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)),
                Dec(r, 3) ?? 0m, Dec(r, 4) ?? 0m, Dec(r, 5) ?? 0m), ct);
}
