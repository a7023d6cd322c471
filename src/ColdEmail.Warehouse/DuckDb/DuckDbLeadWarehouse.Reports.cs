using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>The seed's two reports, read from their views.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<DailyPerformanceRow>();
        using var cmd = Command(conn, SqlText("reports/daily_performance"), ("since", (now - TimeSpan.FromDays(Math.Max(0, days))).UtcDateTime));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new DailyPerformanceRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetString(1),
                Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)), Dec(r, 5),
                Convert.ToInt32(r.GetValue(6)), Dec(r, 7)));
        }
        return (IReadOnlyList<DailyPerformanceRow>)list;
    }, ct);

    public Task<IReadOnlyDictionary<string, long>> DrainReasonCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var cmd = Command(conn, SqlText("reports/drain_reason_counts"), ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", to.ToDateTime(TimeOnly.MinValue)));
        using var r = cmd.ExecuteReader();
        while (r.Read()) counts[r.GetString(0)] = Convert.ToInt64(r.GetValue(1));
        return (IReadOnlyDictionary<string, long>)counts;
    }, ct);

    public Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<CampaignRoiRow>();
        using var cmd = Command(conn, SqlText("reports/campaign_roi"));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new CampaignRoiRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)),
                Dec(r, 3) ?? 0m, Dec(r, 4) ?? 0m, Dec(r, 5) ?? 0m));
        }
        return (IReadOnlyList<CampaignRoiRow>)list;
    }, ct);
}
