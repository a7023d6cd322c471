using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// <see cref="IOpsWarehouse"/> on DuckDB: verification memory, orphan look-ups, performance snapshots and
/// the auto-scaler's history. Batches go through a staging table and one statement, like the rest of the adapter.
/// </summary>
public sealed partial class DuckDbLeadWarehouse : IOpsWarehouse
{
    // A lead counts as inventory from the day its state row was created until the day it was drained.
    private const string InventoryLeads = """
        WITH drained AS (
            SELECT email, campaign_id, MIN(drain_timestamp) AS drained_at, arg_min(drain_reason, drain_timestamp) AS drain_reason
            FROM ops_lead_history WHERE drain_timestamp IS NOT NULL
            GROUP BY email, campaign_id
        ),
        leads AS (
            SELECT s.email, s.campaign_id, s.created_at AS added_at, d.drained_at, d.drain_reason
            FROM ops_inst_state s
            LEFT JOIN drained d ON d.email = s.email AND d.campaign_id = s.campaign_id
            WHERE s.status IN ('active', 'engaged', 'completed') OR d.drained_at IS NOT NULL
        )
        """;

    public Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return Task.FromResult<IReadOnlyDictionary<string, StoredVerification>>(new Dictionary<string, StoredVerification>());
        return ReadAsync(conn =>
        {
            StageKeys(conn, "stage_ver_keys", emails.Select(Normalise));
            var found = new Dictionary<string, StoredVerification>(StringComparer.Ordinal);
            using var cmd = Command(conn, """
                SELECT v.email, v.verification_status, v.catch_all, v.credits_used, v.verified_at
                FROM ops_email_verification v JOIN stage_ver_keys k ON k.key = v.email
                """);
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
            Execute(conn, """
                CREATE TEMP TABLE stage_ops_ver (seq BIGINT, email VARCHAR, verification_status VARCHAR, catch_all VARCHAR,
                    credits_used DECIMAL(18,4), verified_at TIMESTAMP)
                """);
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
            InTransaction(conn, () => Execute(conn, """
                INSERT INTO ops_email_verification (email, verification_status, catch_all, credits_used, verified_at)
                SELECT email, verification_status, catch_all, credits_used, verified_at
                FROM (SELECT * FROM stage_ops_ver QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY verified_at DESC, seq DESC) = 1)
                ON CONFLICT (email) DO UPDATE SET verification_status = EXCLUDED.verification_status,
                    catch_all = EXCLUDED.catch_all, credits_used = EXCLUDED.credits_used, verified_at = EXCLUDED.verified_at
                """));
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
            using var cmd = Command(conn, """
                SELECT email, campaign_id, instantly_lead_id, status FROM ops_inst_state
                WHERE instantly_lead_id IN (SELECT key FROM stage_track_ids) OR email IN (SELECT key FROM stage_track_emails)
                ORDER BY email, campaign_id
                """);
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
            Execute(conn, """
                CREATE TEMP TABLE stage_perf (seq BIGINT, date TIMESTAMP, campaign_id VARCHAR, campaign_name VARCHAR, leads_count INTEGER,
                    contacted INTEGER, emails_sent INTEGER, opens INTEGER, replies INTEGER, replies_automatic INTEGER, clicks INTEGER,
                    bounced INTEGER, unsubscribed INTEGER, completed INTEGER, captured_at TIMESTAMP)
                """);
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
            InTransaction(conn, () => Execute(conn, """
                INSERT INTO ops_campaign_performance (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
                    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
                SELECT CAST(date AS DATE), campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
                    replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at
                FROM (SELECT * FROM stage_perf QUALIFY ROW_NUMBER() OVER (PARTITION BY date, campaign_id ORDER BY captured_at DESC, seq DESC) = 1)
                ON CONFLICT (date, campaign_id) DO UPDATE SET campaign_name = EXCLUDED.campaign_name, leads_count = EXCLUDED.leads_count,
                    contacted = EXCLUDED.contacted, emails_sent = EXCLUDED.emails_sent, opens = EXCLUDED.opens, replies = EXCLUDED.replies,
                    replies_automatic = EXCLUDED.replies_automatic, clicks = EXCLUDED.clicks, bounced = EXCLUDED.bounced,
                    unsubscribed = EXCLUDED.unsubscribed, completed = EXCLUDED.completed, captured_at = EXCLUDED.captured_at
                """));
        }, ct);
    }

    public Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        ReadAsync(conn =>
        {
            var list = new List<CampaignPerformanceReportRow>();
            using var cmd = Command(conn, """
                SELECT CAST(date AS TIMESTAMP), campaign_id, campaign_name, contacted, emails_sent, replies, replies_automatic, bounced,
                       reply_rate, bounce_rate
                FROM report_campaign_performance
                WHERE date BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
                QUALIFY ROW_NUMBER() OVER (PARTITION BY campaign_id ORDER BY date DESC) = 1
                ORDER BY COALESCE(campaign_name, campaign_id), campaign_id
                """, ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", to.ToDateTime(TimeOnly.MinValue)));
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
            using var cmd = Command(conn, InventoryLeads + """
                , days AS (SELECT CAST(d AS TIMESTAMP) AS day FROM range(CAST($from AS TIMESTAMP), CAST($to AS TIMESTAMP), INTERVAL 1 DAY) t(d))
                SELECT day,
                       COUNT(leads.email) FILTER (WHERE leads.drained_at >= day AND leads.drained_at < day + INTERVAL 1 DAY) AS drained,
                       COUNT(leads.email) FILTER (WHERE leads.added_at < day + INTERVAL 1 DAY AND (leads.drained_at IS NULL OR leads.drained_at >= day)) AS inventory
                FROM days LEFT JOIN leads ON TRUE
                GROUP BY day ORDER BY day
                """, ("from", from.ToDateTime(TimeOnly.MinValue)), ("to", to.ToDateTime(TimeOnly.MinValue)));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                list.Add(new DailyDrainCount(DateOnly.FromDateTime(r.GetDateTime(0)), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2))));
            return (IReadOnlyList<DailyDrainCount>)list;
        }, ct);
    }

    public Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, InventoryLeads + """
            SELECT COUNT(*) AS in_campaign,
                   COUNT(*) FILTER (WHERE drain_reason = 'replied' AND drained_at >= $from AND drained_at < $to) AS replied
            FROM leads
            WHERE added_at < $to AND (drained_at IS NULL OR drained_at >= $from)
            """, ("from", from.UtcDateTime), ("to", to.UtcDateTime));
        using var r = cmd.ExecuteReader();
        r.Read();
        return new ReplyCounts(Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1)));
    }, ct);

    private static void StageKeys(DuckDBConnection conn, string table, IEnumerable<string> keys)
    {
        Execute(conn, $"CREATE TEMP TABLE {table} (key VARCHAR)");
        using var a = conn.CreateAppender("temp", "main", table);
        foreach (var k in keys.Distinct(StringComparer.Ordinal)) a.CreateRow().AppendValue(k).EndRow();
    }
}
