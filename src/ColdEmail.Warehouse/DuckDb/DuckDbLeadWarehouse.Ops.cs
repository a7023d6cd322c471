using DuckDB.NET.Data;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// <see cref="IOpsWarehouse"/> on DuckDB: verification memory, orphan look-ups, performance snapshots and
/// the auto-scaler's history. Batches go through a staging table and one statement, like the rest of the adapter.
/// </summary>
public sealed partial class DuckDbLeadWarehouse : IOpsWarehouse
{
    // A lead counts as inventory from the day its state row was created until the day it was drained.
    private static string InventoryLeads => SqlQueries.Render(SqlScripts.DuckDb, "ops/inventory_leads");

    public Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, StoredVerification>>(new Dictionary<string, StoredVerification>());
        return ReadAsync(conn =>
        {
            StageKeys(conn, "stage_ver_keys", emails.Select(Normalise));
            var found = new Dictionary<string, StoredVerification>(StringComparer.Ordinal);
            using var cmd = Command(conn, SqlText("ops/find_verifications"));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var email = r.GetString(0);
                found[email] = new StoredVerification(email, Schema.OpsNames.Verification(r.GetString(1)), Schema.OpsNames.CatchAll(Str(r, 2)), Dec(r, 3), Time(r, 4)!.Value);
            }
            return (IReadOnlyDictionary<string, StoredVerification>)found;
        }, ct);
    }

    public Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("ops/save_verifications"));
            using (var a = conn.CreateAppender("temp", "main", "stage_ops_ver"))
            {
                long seq = 0;
                foreach (var v in rows)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(Normalise(v.Email)).AppendValue(Schema.LeadStateNames.ToSql(v.Status))
                        .AppendValue(Schema.LeadStateNames.ToSql(v.CatchAll)).AppendValue(v.CreditsUsed)
                        .AppendValue((DateTime?)v.VerifiedAt.UtcDateTime).EndRow();
                }
            }
            InTransaction(conn, () => Execute(conn, SqlText("ops/save_verifications_2")));
        }, ct);
    }

    public Task<TrackedLeads> FindTrackedLeadsAsync(IReadOnlyCollection<string> instantlyLeadIds, IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instantlyLeadIds);
        ArgumentNullException.ThrowIfNull(emails);
        if (instantlyLeadIds.Count == 0 && emails.Count == 0) return Task.FromResult(new TrackedLeads([]));
        return ReadAsync(conn =>
        {
            StageKeys(conn, "stage_track_ids", instantlyLeadIds);
            StageKeys(conn, "stage_track_emails", emails.Select(Normalise));
            var rows = new List<TrackedLead>();
            using var cmd = Command(conn, SqlText("ops/find_tracked_leads"));
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add(new TrackedLead(r.GetString(0), r.GetString(1), Str(r, 2), Str(r, 3)));
            return new TrackedLeads(rows);
        }, ct);
    }

    public Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("ops/upsert_campaign_performance"));
            using (var a = conn.CreateAppender("temp", "main", "stage_perf"))
            {
                long seq = 0;
                foreach (var p in rows)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue((DateTime?)p.Date.ToDateTime(TimeOnly.MinValue)).AppendValue(p.CampaignId)
                        .AppendValue(p.CampaignName).AppendValue((int?)p.LeadsCount).AppendValue((int?)p.Contacted).AppendValue((int?)p.EmailsSent)
                        .AppendValue((int?)p.Opens).AppendValue((int?)p.Replies).AppendValue((int?)p.RepliesAutomatic).AppendValue((int?)p.Clicks)
                        .AppendValue((int?)p.Bounced).AppendValue((int?)p.Unsubscribed).AppendValue((int?)p.Completed)
                        .AppendValue((DateTime?)p.CapturedAt.UtcDateTime).EndRow();
                }
            }
            InTransaction(conn, () => Execute(conn, SqlText("ops/upsert_campaign_performance_2")));
        }, ct);
    }

    public Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        ReadAsync(conn =>
        {
            var list = new List<CampaignPerformanceReportRow>();
            using var cmd = Command(conn, SqlText("ops/campaign_performance_report"), ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", to.ToDateTime(TimeOnly.MinValue)));
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                list.Add(new CampaignPerformanceReportRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetString(1), Str(r, 2),
                    Int(r, 3) ?? 0, Int(r, 4) ?? 0, Int(r, 5) ?? 0, Int(r, 6) ?? 0, Int(r, 7) ?? 0, Dec(r, 8), Dec(r, 9)));
            }
            return (IReadOnlyList<CampaignPerformanceReportRow>)list;
        }, ct);

    public Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from) return Task.FromResult<IReadOnlyList<DailyDrainCount>>([]);
        return ReadAsync(conn =>
        {
            var list = new List<DailyDrainCount>();
            using var cmd = Command(conn, InventoryLeads + SqlText("ops/daily_drain_counts"), ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", to.ToDateTime(TimeOnly.MinValue)));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(new DailyDrainCount(DateOnly.FromDateTime(r.GetDateTime(0)), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2))));
            return (IReadOnlyList<DailyDrainCount>)list;
        }, ct);
    }

    public Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, InventoryLeads + SqlText("ops/reply_counts"), ("from", from.UtcDateTime), ("to", to.UtcDateTime));
        using var r = cmd.ExecuteReader();
        r.Read();
        return new ReplyCounts(Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)));
    }, ct);

    private static void StageKeys(DuckDBConnection conn, string table, IEnumerable<string> keys)
    {
        Execute(conn, SqlText("ops/stage_keys", ("table", table)));
        using var a = conn.CreateAppender("temp", "main", table);
        foreach (var k in keys.Distinct(StringComparer.Ordinal)) a.CreateRow().AppendValue(k).EndRow();
    }
}
