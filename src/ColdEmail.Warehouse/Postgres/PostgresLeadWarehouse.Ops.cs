using ColdEmail.Warehouse.Schema;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// <see cref="IOpsWarehouse"/> on PostgreSQL: verification memory, orphan look-ups, performance snapshots and the
/// auto-scaler's history, with the same semantics as the DuckDB adapter. Key lists travel as array parameters.
/// </summary>
public sealed partial class PostgresLeadWarehouse : IOpsWarehouse
{
    // A lead counts as inventory from the time its state row was created until it was drained.
    private const string InventoryLeads = """
        WITH drained AS (
            SELECT email, campaign_id, MIN(drain_timestamp) AS drained_at,
                   (array_agg(drain_reason ORDER BY drain_timestamp))[1] AS drain_reason
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

    public async Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return new Dictionary<string, StoredVerification>();
        var rows = await QueryAsync("reading ops_email_verification", """
            SELECT email, verification_status, catch_all, credits_used, verified_at
            FROM ops_email_verification WHERE email = ANY(@emails)
            """, r => new StoredVerification(r.GetString(0), OpsNames.Verification(r.GetString(1)), OpsNames.CatchAll(Str(r, 2)), Dec(r, 3), Time(r, 4)!.Value),
            ct, ("emails", emails.Select(Normalise).Distinct(StringComparer.Ordinal).ToArray())).ConfigureAwait(false);
        return rows.ToDictionary(v => v.Email, StringComparer.Ordinal);
    }

    public Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("saving ops_email_verification", """
            INSERT INTO ops_email_verification (email, verification_status, catch_all, credits_used, verified_at)
            SELECT DISTINCT ON (email) email, verification_status, catch_all, credits_used, verified_at
            FROM unnest(@email::text[], @status::text[], @catch::text[], @credits::numeric[], @at::timestamptz[])
                 WITH ORDINALITY AS s(email, verification_status, catch_all, credits_used, verified_at, seq)
            ORDER BY email, verified_at DESC, seq DESC
            ON CONFLICT (email) DO UPDATE SET verification_status = EXCLUDED.verification_status,
                catch_all = EXCLUDED.catch_all, credits_used = EXCLUDED.credits_used, verified_at = EXCLUDED.verified_at
            """, ct,
            ("email", rows.Select(v => Normalise(v.Email)).ToArray()),
            ("status", rows.Select(v => LeadStateNames.ToSql(v.Status)).ToArray()),
            ("catch", rows.Select(v => LeadStateNames.ToSql(v.CatchAll)).ToArray()),
            ("credits", rows.Select(v => v.CreditsUsed).ToArray()),
            ("at", rows.Select(v => v.VerifiedAt.UtcDateTime).ToArray()));
    }

    public async Task<TrackedLeads> FindTrackedLeadsAsync(IReadOnlyCollection<string> instantlyLeadIds, IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instantlyLeadIds);
        ArgumentNullException.ThrowIfNull(emails);
        if (instantlyLeadIds.Count == 0 && emails.Count == 0) return new TrackedLeads([]);
        var rows = await QueryAsync("finding tracked leads", """
            SELECT email, campaign_id, instantly_lead_id, status FROM ops_inst_state
            WHERE instantly_lead_id = ANY(@ids) OR email = ANY(@emails)
            ORDER BY email COLLATE "C", campaign_id COLLATE "C"
            """, r => new TrackedLead(r.GetString(0), r.GetString(1), Str(r, 2), Str(r, 3)), ct,
            ("ids", instantlyLeadIds.Distinct(StringComparer.Ordinal).ToArray()),
            ("emails", emails.Select(Normalise).Distinct(StringComparer.Ordinal).ToArray())).ConfigureAwait(false);
        return new TrackedLeads(rows);
    }

    public Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("upserting ops_campaign_performance", """
            INSERT INTO ops_campaign_performance (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
                replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
            SELECT DISTINCT ON (date, campaign_id) date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens,
                replies, replies_automatic, clicks, bounced, unsubscribed, completed, captured_at
            FROM unnest(@date::date[], @campaign::text[], @name::text[], @leads::int[], @contacted::int[], @sent::int[], @opens::int[],
                        @replies::int[], @auto::int[], @clicks::int[], @bounced::int[], @unsub::int[], @completed::int[], @at::timestamptz[])
                 WITH ORDINALITY AS s(date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens, replies,
                                      replies_automatic, clicks, bounced, unsubscribed, completed, captured_at, seq)
            ORDER BY date, campaign_id, captured_at DESC, seq DESC
            ON CONFLICT (date, campaign_id) DO UPDATE SET campaign_name = EXCLUDED.campaign_name, leads_count = EXCLUDED.leads_count,
                contacted = EXCLUDED.contacted, emails_sent = EXCLUDED.emails_sent, opens = EXCLUDED.opens, replies = EXCLUDED.replies,
                replies_automatic = EXCLUDED.replies_automatic, clicks = EXCLUDED.clicks, bounced = EXCLUDED.bounced,
                unsubscribed = EXCLUDED.unsubscribed, completed = EXCLUDED.completed, captured_at = EXCLUDED.captured_at
            """, ct,
            ("date", rows.Select(p => p.Date).ToArray()),
            ("campaign", rows.Select(p => p.CampaignId).ToArray()),
            ("name", rows.Select(p => p.CampaignName).ToArray()),
            ("leads", rows.Select(p => p.LeadsCount).ToArray()),
            ("contacted", rows.Select(p => p.Contacted).ToArray()),
            ("sent", rows.Select(p => p.EmailsSent).ToArray()),
            ("opens", rows.Select(p => p.Opens).ToArray()),
            ("replies", rows.Select(p => p.Replies).ToArray()),
            ("auto", rows.Select(p => p.RepliesAutomatic).ToArray()),
            ("clicks", rows.Select(p => p.Clicks).ToArray()),
            ("bounced", rows.Select(p => p.Bounced).ToArray()),
            ("unsub", rows.Select(p => p.Unsubscribed).ToArray()),
            ("completed", rows.Select(p => p.Completed).ToArray()),
            ("at", rows.Select(p => p.CapturedAt.UtcDateTime).ToArray()));
    }

    public Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        QueryAsync("reading report_campaign_performance", """
            SELECT * FROM (
                SELECT DISTINCT ON (campaign_id) date, campaign_id, campaign_name, contacted, emails_sent, replies, replies_automatic,
                       bounced, reply_rate, bounce_rate
                FROM report_campaign_performance
                WHERE date BETWEEN @from AND @to
                ORDER BY campaign_id, date DESC
            ) latest
            ORDER BY COALESCE(campaign_name, campaign_id) COLLATE "C", campaign_id COLLATE "C"
            """, r => new CampaignPerformanceReportRow(Date(r, 0), r.GetString(1), Str(r, 2),
                Int(r, 3) ?? 0, Int(r, 4) ?? 0, Int(r, 5) ?? 0, Int(r, 6) ?? 0, Int(r, 7) ?? 0, Dec(r, 8), Dec(r, 9)),
            ct, ("from", from), ("to", to));

    public async Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from) return [];
        return await QueryAsync("counting daily drains", InventoryLeads + """
            , days AS (
                SELECT d::date AS day, d AT TIME ZONE 'UTC' AS day_start
                FROM generate_series(@from::date::timestamp, @to::date::timestamp - INTERVAL '1 day', INTERVAL '1 day') d
            )
            SELECT day,
                   COUNT(leads.email) FILTER (WHERE leads.drained_at >= day_start AND leads.drained_at < day_start + INTERVAL '1 day') AS drained,
                   COUNT(leads.email) FILTER (WHERE leads.added_at < day_start + INTERVAL '1 day' AND (leads.drained_at IS NULL OR leads.drained_at >= day_start)) AS inventory
            FROM days LEFT JOIN leads ON TRUE
            GROUP BY day ORDER BY day
            """, r => new DailyDrainCount(Date(r, 0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2))),
            ct, ("from", from), ("to", to)).ConfigureAwait(false);
    }

    public async Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await QueryAsync("counting replies", InventoryLeads + """
            SELECT COUNT(*) AS in_campaign,
                   COUNT(*) FILTER (WHERE drain_reason = 'replied' AND drained_at >= @from AND drained_at < @to) AS replied
            FROM leads
            WHERE added_at < @to AND (drained_at IS NULL OR drained_at >= @from)
            """, r => new ReplyCounts(Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1))),
            ct, ("from", from.UtcDateTime), ("to", to.UtcDateTime)).ConfigureAwait(false);
        return rows[0];
    }
}
