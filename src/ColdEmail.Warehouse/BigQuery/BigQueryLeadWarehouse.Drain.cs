using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>The drain's reads and writes: leads due for a check, drain decisions, kept leads' check stamps.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    private static readonly BqField[] DrainFields =
    [
        new("seq", BqType.Int64), new("email", BqType.String), new("campaign_id", BqType.String), new("lead_id", BqType.String),
        new("drain_reason", BqType.String), new("outcome", BqType.String), new("drained_at", BqType.Timestamp),
        new("days_in_campaign", BqType.Int64), new("emails_sent", BqType.Int64), new("emails_opened", BqType.Int64),
        new("links_clicked", BqType.Int64), new("replies_received", BqType.Int64), new("suppression_reason", BqType.String),
        new("details", BqType.String), new("cooldown_until", BqType.Timestamp),
    ];

    public async Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync($"""
            SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
            FROM {T("ops_inst_state")}
            WHERE status IN ('active', 'engaged')
              AND instantly_lead_id IS NOT NULL
              AND (last_drain_check IS NULL OR last_drain_check <= @due)
            ORDER BY priority, last_drain_check NULLS FIRST, created_at, email, campaign_id
            LIMIT @limit
            """, [BqParameter.Timestamp("due", now - minInterval), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false);
        return rows.Select(r => new DrainCandidate(r.RequiredString("email"), r.RequiredString("campaign_id"), r.RequiredString("instantly_lead_id"),
            r.Timestamp("created_at")!.Value, r.Timestamp("last_drain_check"), r.Int32("priority") ?? 100)).ToList();
    }

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default) =>
        MergeInBatchesAsync(drains, DrainFields, (d, seq) =>
            [seq, d.Email, d.CampaignId, d.InstantlyLeadId, d.DrainReason, d.Outcome, d.DrainedAt, (long)d.DaysInCampaign,
             (long)d.EmailsSent, (long)d.EmailsOpened, (long)d.LinksClicked, (long)d.RepliesReceived, d.SuppressionReason, d.DetailsJson, d.CooldownUntil],
            $"""
            BEGIN TRANSACTION;
            MERGE {T("ops_lead_history")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id, drained_at ORDER BY seq DESC) = 1) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id AND T.event_type = 'drained'
               AND T.event_timestamp = S.drained_at AND T.drain_timestamp = S.drained_at
            WHEN NOT MATCHED THEN INSERT (email, campaign_id, lead_id, event_type, event_timestamp, event_details, outcome,
                outcome_reason, emails_sent, emails_opened, links_clicked, replies_received, drain_reason, drain_timestamp,
                days_in_campaign, cooldown_until)
            VALUES (S.email, S.campaign_id, S.lead_id, 'drained', S.drained_at, SAFE.PARSE_JSON(S.details), S.outcome,
                S.drain_reason, S.emails_sent, S.emails_opened, S.links_clicked, S.replies_received, S.drain_reason,
                S.drained_at, S.days_in_campaign, S.cooldown_until);
            MERGE {T("ops_inst_state")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET
                status = 'completed',
                instantly_lead_id = COALESCE(S.lead_id, T.instantly_lead_id),
                updated_at = S.drained_at,
                last_drain_check = S.drained_at,
                needs_drain_check = FALSE,
                reason = S.drain_reason
            WHEN NOT MATCHED THEN INSERT (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
                last_drain_check, needs_drain_check, retry_count, reason)
            VALUES (S.email, S.campaign_id, S.lead_id, 'completed', S.drained_at, S.drained_at, S.drained_at, FALSE, 0, S.drain_reason);
            MERGE {T("suppression")} T
            USING (SELECT email, suppression_reason, drained_at FROM UNNEST(@rows) WHERE suppression_reason IS NOT NULL
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1) S
            ON T.email = S.email
            WHEN NOT MATCHED THEN INSERT (email, reason, since) VALUES (S.email, S.suppression_reason, S.drained_at);
            COMMIT TRANSACTION;
            """, ct);

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default) =>
        MergeInBatchesAsync(leads, KeyFields, (k, _) => [k.Email, k.CampaignId],
            $"""
            MERGE {T("ops_inst_state")} T
            USING (SELECT DISTINCT email, campaign_id FROM UNNEST(@rows)) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET last_drain_check = @at, needs_drain_check = FALSE
            """, ct, BqParameter.Timestamp("at", checkedAt));
}
