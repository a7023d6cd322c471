using ColdEmail.Domain.Verification;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// <see cref="IOpsWarehouse"/> on BigQuery: look-ups by array parameter (<c>IN UNNEST(@ids)</c>), writes as one
/// MERGE from an unnested struct array per batch, like the rest of the adapter (never streaming inserts).
/// </summary>
public sealed partial class BigQueryLeadWarehouse : IOpsWarehouse
{
    private static readonly BqField[] StoredVerificationFields =
    [
        new("seq", BqType.Int64), new("email", BqType.String), new("verification_status", BqType.String),
        new("catch_all", BqType.String), new("credits_used", BqType.Numeric), new("verified_at", BqType.Timestamp),
    ];

    private static readonly BqField[] PerformanceFields =
    [
        new("seq", BqType.Int64), new("date", BqType.Date), new("campaign_id", BqType.String), new("campaign_name", BqType.String),
        new("leads_count", BqType.Int64), new("contacted", BqType.Int64), new("emails_sent", BqType.Int64), new("opens", BqType.Int64),
        new("replies", BqType.Int64), new("replies_automatic", BqType.Int64), new("clicks", BqType.Int64), new("bounced", BqType.Int64),
        new("unsubscribed", BqType.Int64), new("completed", BqType.Int64), new("captured_at", BqType.Timestamp),
    ];

    // A lead counts as inventory from its state row's creation until its first drain.
    private string InventoryLeads => $"""
        WITH drained AS (
            SELECT email, campaign_id, MIN(drain_timestamp) AS drained_at,
                   ARRAY_AGG(drain_reason ORDER BY drain_timestamp LIMIT 1)[SAFE_OFFSET(0)] AS drain_reason
            FROM {T("ops_lead_history")} WHERE drain_timestamp IS NOT NULL
            GROUP BY email, campaign_id
        ),
        leads AS (
            SELECT s.email, s.campaign_id, s.created_at AS added_at, d.drained_at, d.drain_reason
            FROM {T("ops_inst_state")} s
            LEFT JOIN drained d ON d.email = s.email AND d.campaign_id = s.campaign_id
            WHERE s.status IN ('active', 'engaged', 'completed') OR d.drained_at IS NOT NULL
        )
        """;

    public async Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return new Dictionary<string, StoredVerification>();
        var rows = await _client.QueryAllAsync($"""
            SELECT email, verification_status, catch_all, CAST(credits_used AS NUMERIC) AS credits_used, verified_at
            FROM {T("ops_email_verification")} WHERE email IN UNNEST(@emails)
            """, [BqParameter.Strings("emails", emails.Select(Normalise).Distinct())], ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequiredString("email"), r => new StoredVerification(r.RequiredString("email"),
            OpsNames.Verification(r.RequiredString("verification_status")), OpsNames.CatchAll(r.String("catch_all")),
            r.Decimal("credits_used"), r.Timestamp("verified_at")!.Value), StringComparer.Ordinal);
    }

    public Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, StoredVerificationFields, (v, seq) =>
            [seq, Normalise(v.Email), LeadStateNames.ToSql(v.Status), LeadStateNames.ToSql(v.CatchAll), v.CreditsUsed, v.VerifiedAt],
            $"""
            MERGE {T("ops_email_verification")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY verified_at DESC, seq DESC) = 1) S
            ON T.email = S.email
            WHEN MATCHED THEN UPDATE SET verification_status = S.verification_status, catch_all = S.catch_all,
                credits_used = S.credits_used, verified_at = S.verified_at
            WHEN NOT MATCHED THEN INSERT (email, verification_status, catch_all, credits_used, verified_at)
            VALUES (S.email, S.verification_status, S.catch_all, S.credits_used, S.verified_at)
            """, ct);

    public async Task<TrackedLeads> FindTrackedLeadsAsync(IReadOnlyCollection<string> instantlyLeadIds, IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instantlyLeadIds);
        ArgumentNullException.ThrowIfNull(emails);
        if (instantlyLeadIds.Count == 0 && emails.Count == 0) return new TrackedLeads([]);
        var rows = await _client.QueryAllAsync($"""
            SELECT email, campaign_id, instantly_lead_id, status FROM {T("ops_inst_state")}
            WHERE instantly_lead_id IN UNNEST(@ids) OR email IN UNNEST(@emails)
            ORDER BY email, campaign_id
            """, [BqParameter.Strings("ids", instantlyLeadIds.Distinct()), BqParameter.Strings("emails", emails.Select(Normalise).Distinct())], ct).ConfigureAwait(false);
        return new TrackedLeads(rows.Select(r => new TrackedLead(r.RequiredString("email"), r.RequiredString("campaign_id"),
            r.String("instantly_lead_id"), r.String("status"))).ToList());
    }

    public Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, PerformanceFields, (p, seq) =>
            [seq, p.Date, p.CampaignId, p.CampaignName, (long)p.LeadsCount, (long)p.Contacted, (long)p.EmailsSent, (long)p.Opens,
             (long)p.Replies, (long)p.RepliesAutomatic, (long)p.Clicks, (long)p.Bounced, (long)p.Unsubscribed, (long)p.Completed, p.CapturedAt],
            $"""
            MERGE {T("ops_campaign_performance")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY date, campaign_id ORDER BY captured_at DESC, seq DESC) = 1) S
            ON T.date = S.date AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET campaign_name = S.campaign_name, leads_count = S.leads_count, contacted = S.contacted,
                emails_sent = S.emails_sent, opens = S.opens, replies = S.replies, replies_automatic = S.replies_automatic,
                clicks = S.clicks, bounced = S.bounced, unsubscribed = S.unsubscribed, completed = S.completed, captured_at = S.captured_at
            WHEN NOT MATCHED THEN INSERT (date, campaign_id, campaign_name, leads_count, contacted, emails_sent, opens, replies,
                replies_automatic, clicks, bounced, unsubscribed, completed, captured_at)
            VALUES (S.date, S.campaign_id, S.campaign_name, S.leads_count, S.contacted, S.emails_sent, S.opens, S.replies,
                S.replies_automatic, S.clicks, S.bounced, S.unsubscribed, S.completed, S.captured_at)
            """, ct);

    public async Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        (await _client.QueryAllAsync($"""
            SELECT date, campaign_id, campaign_name, contacted, emails_sent, replies, replies_automatic, bounced, reply_rate, bounce_rate
            FROM {T("report_campaign_performance")}
            WHERE date BETWEEN @from AND @to
            QUALIFY ROW_NUMBER() OVER (PARTITION BY campaign_id ORDER BY date DESC) = 1
            ORDER BY COALESCE(campaign_name, campaign_id), campaign_id
            """, [new BqParameter("from", BqType.Date, from), new BqParameter("to", BqType.Date, to)], ct).ConfigureAwait(false))
        .Select(r => new CampaignPerformanceReportRow(r.Date("date")!.Value, r.RequiredString("campaign_id"), r.String("campaign_name"),
            r.Int32("contacted") ?? 0, r.Int32("emails_sent") ?? 0, r.Int32("replies") ?? 0, r.Int32("replies_automatic") ?? 0,
            r.Int32("bounced") ?? 0, r.Decimal("reply_rate"), r.Decimal("bounce_rate"))).ToList();

    public async Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from) return [];
        var rows = await _client.QueryAllAsync(InventoryLeads + """
            , days AS (SELECT day FROM UNNEST(GENERATE_DATE_ARRAY(@from, DATE_SUB(@to, INTERVAL 1 DAY))) AS day)
            SELECT day,
                   COUNTIF(DATE(leads.drained_at) = day) AS drained,
                   COUNTIF(DATE(leads.added_at) <= day AND (leads.drained_at IS NULL OR DATE(leads.drained_at) >= day)) AS inventory
            FROM days LEFT JOIN leads ON TRUE
            GROUP BY day ORDER BY day
            """, [new BqParameter("from", BqType.Date, from), new BqParameter("to", BqType.Date, to)], ct).ConfigureAwait(false);
        return rows.Select(r => new DailyDrainCount(r.Date("day")!.Value, r.Int32("drained") ?? 0, r.Int32("inventory") ?? 0)).ToList();
    }

    public async Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(InventoryLeads + """
            SELECT COUNT(*) AS in_campaign,
                   COUNTIF(drain_reason = 'replied' AND drained_at >= @from AND drained_at < @to) AS replied
            FROM leads
            WHERE added_at < @to AND (drained_at IS NULL OR drained_at >= @from)
            """, [BqParameter.Timestamp("from", from), BqParameter.Timestamp("to", to)], ct).ConfigureAwait(false);
        return rows.Count == 0 ? new ReplyCounts(0, 0) : new ReplyCounts(rows[0].Int32("in_campaign") ?? 0, rows[0].Int32("replied") ?? 0);
    }
}
