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

/// <summary>The drain's reads and writes: leads due for a check, drain decisions, kept leads' check stamps.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default) =>
        QueryAsync("listing leads due for a drain check", """
            SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
            FROM ops_inst_state
            WHERE status IN ('active', 'engaged')
              AND instantly_lead_id IS NOT NULL
              AND (last_drain_check IS NULL OR last_drain_check <= @due)
            ORDER BY priority, last_drain_check NULLS FIRST, created_at, email COLLATE "C", campaign_id COLLATE "C"
            LIMIT @limit
            """,
            r => new DrainCandidate(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Convert.ToInt32(r.GetValue(5))),
            ct, ("due", (now - minInterval).UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drains);
        if (drains.Count == 0) return Task.CompletedTask;
        return InTransactionAsync("recording drains", async (conn, tx) =>
        {
            await ExecAsync(conn, tx, """
                CREATE TEMP TABLE stage_drain ON COMMIT DROP AS
                SELECT * FROM unnest(@email::text[], @campaign::text[], @lid::text[], @reason::text[], @outcome::text[],
                                     @at::timestamptz[], @days::int[], @sent::int[], @opened::int[], @clicked::int[],
                                     @replies::int[], @sup::text[], @details::text[], @cooldown::timestamptz[])
                    WITH ORDINALITY AS s(email, campaign_id, lead_id, drain_reason, outcome, drained_at, days_in_campaign,
                                         emails_sent, emails_opened, links_clicked, replies_received, suppression_reason, details,
                                         cooldown_until, seq)
                """, ct,
                ("email", drains.Select(d => d.Email).ToArray()),
                ("campaign", drains.Select(d => d.CampaignId).ToArray()),
                ("lid", drains.Select(d => d.InstantlyLeadId).ToArray()),
                ("reason", drains.Select(d => d.DrainReason).ToArray()),
                ("outcome", drains.Select(d => d.Outcome).ToArray()),
                ("at", drains.Select(d => d.DrainedAt.UtcDateTime).ToArray()),
                ("days", drains.Select(d => d.DaysInCampaign).ToArray()),
                ("sent", drains.Select(d => d.EmailsSent).ToArray()),
                ("opened", drains.Select(d => d.EmailsOpened).ToArray()),
                ("clicked", drains.Select(d => d.LinksClicked).ToArray()),
                ("replies", drains.Select(d => d.RepliesReceived).ToArray()),
                ("sup", drains.Select(d => d.SuppressionReason).ToArray()),
                ("details", drains.Select(d => d.DetailsJson).ToArray()),
                ("cooldown", drains.Select(d => d.CooldownUntil?.UtcDateTime).ToArray()));
            // Re-recording the same drain (a retried batch) must not duplicate history.
            await ExecAsync(conn, tx, """
                INSERT INTO ops_lead_history (email, campaign_id, lead_id, event_type, event_timestamp, event_details,
                    outcome, outcome_reason, emails_sent, emails_opened, links_clicked, replies_received,
                    drain_reason, drain_timestamp, days_in_campaign, cooldown_until)
                SELECT DISTINCT ON (s.email, s.campaign_id, s.drained_at)
                       s.email, s.campaign_id, s.lead_id, 'drained', s.drained_at, s.details, s.outcome, s.drain_reason,
                       s.emails_sent, s.emails_opened, s.links_clicked, s.replies_received, s.drain_reason, s.drained_at,
                       s.days_in_campaign, s.cooldown_until
                FROM stage_drain s
                WHERE NOT EXISTS (
                    SELECT 1 FROM ops_lead_history h
                    WHERE h.email = s.email AND h.campaign_id = s.campaign_id
                      AND h.event_type = 'drained' AND h.drain_timestamp = s.drained_at)
                ORDER BY s.email, s.campaign_id, s.drained_at, s.seq DESC
                """, ct);
            await ExecAsync(conn, tx, """
                INSERT INTO ops_inst_state (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
                    last_drain_check, needs_drain_check, retry_count, reason)
                SELECT DISTINCT ON (email, campaign_id)
                       email, campaign_id, lead_id, 'completed', drained_at, drained_at, drained_at, FALSE, 0, drain_reason
                FROM stage_drain
                ORDER BY email, campaign_id, seq DESC
                ON CONFLICT (email, campaign_id) DO UPDATE SET
                    status = 'completed',
                    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, ops_inst_state.instantly_lead_id),
                    updated_at = EXCLUDED.updated_at,
                    last_drain_check = EXCLUDED.last_drain_check,
                    needs_drain_check = FALSE,
                    reason = EXCLUDED.reason
                """, ct);
            await ExecAsync(conn, tx, """
                INSERT INTO suppression (email, reason, since)
                SELECT DISTINCT ON (email) email, suppression_reason, drained_at
                FROM stage_drain WHERE suppression_reason IS NOT NULL
                ORDER BY email, drained_at, seq
                ON CONFLICT (email) DO NOTHING
                """, ct);
        }, ct);
    }

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("stamping drain checks", """
            UPDATE ops_inst_state SET last_drain_check = @at, needs_drain_check = FALSE
            FROM (SELECT DISTINCT email, campaign_id FROM unnest(@email::text[], @campaign::text[]) AS k(email, campaign_id)) k
            WHERE ops_inst_state.email = k.email AND ops_inst_state.campaign_id = k.campaign_id
            """, ct, ("at", checkedAt.UtcDateTime),
            ("email", leads.Select(k => k.Email).ToArray()), ("campaign", leads.Select(k => k.CampaignId).ToArray()));
    }
}
