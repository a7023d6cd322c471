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

    public Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) =>
        QueryAsync("reading report_campaign_roi", SqlText("reports/campaign_roi"), r => new CampaignRoiRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)),
                Dec(r, 3) ?? 0m, Dec(r, 4) ?? 0m, Dec(r, 5) ?? 0m), ct);
}
