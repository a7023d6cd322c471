using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>The drain's reads and writes: leads due for a check, drain decisions, kept leads' check stamps.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<DrainCandidate>();
        using var cmd = Command(conn, """
            SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
            FROM ops_inst_state
            WHERE status IN ('active', 'engaged')
              AND instantly_lead_id IS NOT NULL
              AND (last_drain_check IS NULL OR last_drain_check <= $due)
            ORDER BY priority, last_drain_check NULLS FIRST, created_at, email, campaign_id
            LIMIT $limit
            """, ("due", (now - minInterval).UtcDateTime), ("limit", (long)Math.Max(0, limit)));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new DrainCandidate(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Convert.ToInt32(r.GetValue(5))));
        return (IReadOnlyList<DrainCandidate>)list;
    }, ct);

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drains);
        if (drains.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, """
                CREATE TEMP TABLE stage_drain (seq BIGINT, email VARCHAR, campaign_id VARCHAR, lead_id VARCHAR,
                    drain_reason VARCHAR, outcome VARCHAR, drained_at TIMESTAMP, days_in_campaign INTEGER,
                    emails_sent INTEGER, emails_opened INTEGER, links_clicked INTEGER, replies_received INTEGER,
                    suppression_reason VARCHAR, details VARCHAR, cooldown_until TIMESTAMP)
                """);
            using (var a = conn.CreateAppender("temp", "main", "stage_drain"))
            {
                long seq = 0;
                foreach (var d in drains)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(d.Email).AppendValue(d.CampaignId).AppendValue(d.InstantlyLeadId)
                        .AppendValue(d.DrainReason).AppendValue(d.Outcome).AppendValue((DateTime?)d.DrainedAt.UtcDateTime)
                        .AppendValue((int?)d.DaysInCampaign).AppendValue((int?)d.EmailsSent).AppendValue((int?)d.EmailsOpened)
                        .AppendValue((int?)d.LinksClicked).AppendValue((int?)d.RepliesReceived).AppendValue(d.SuppressionReason)
                        .AppendValue(d.DetailsJson).AppendValue(d.CooldownUntil?.UtcDateTime).EndRow();
                }
            }
            InTransaction(conn, () =>
            {
                // Re-recording the same drain (a retried batch) must not duplicate history.
                Execute(conn, """
                    INSERT INTO ops_lead_history (email, campaign_id, lead_id, event_type, event_timestamp, event_details,
                        outcome, outcome_reason, emails_sent, emails_opened, links_clicked, replies_received,
                        drain_reason, drain_timestamp, days_in_campaign, cooldown_until)
                    SELECT s.email, s.campaign_id, s.lead_id, 'drained', s.drained_at, s.details, s.outcome, s.drain_reason,
                           s.emails_sent, s.emails_opened, s.links_clicked, s.replies_received, s.drain_reason, s.drained_at,
                           s.days_in_campaign, s.cooldown_until
                    FROM stage_drain s
                    WHERE NOT EXISTS (
                        SELECT 1 FROM ops_lead_history h
                        WHERE h.email = s.email AND h.campaign_id = s.campaign_id
                          AND h.event_type = 'drained' AND h.drain_timestamp = s.drained_at)
                    QUALIFY ROW_NUMBER() OVER (PARTITION BY s.email, s.campaign_id, s.drained_at ORDER BY s.seq DESC) = 1
                    """);
                Execute(conn, """
                    INSERT INTO ops_inst_state (state_key, email, campaign_id, instantly_lead_id, status, created_at, updated_at,
                        last_drain_check, needs_drain_check, retry_count, reason)
                    SELECT inst_state_key(email, campaign_id), email, campaign_id, lead_id, 'completed', drained_at, drained_at, drained_at, FALSE, 0, drain_reason
                    FROM (SELECT * FROM stage_drain QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1)
                    ON CONFLICT (state_key) DO UPDATE SET
                        status = 'completed',
                        instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, instantly_lead_id),
                        updated_at = EXCLUDED.updated_at,
                        last_drain_check = EXCLUDED.last_drain_check,
                        needs_drain_check = FALSE,
                        reason = EXCLUDED.reason
                    """);
                Execute(conn, """
                    INSERT INTO suppression (email, reason, since)
                    SELECT email, suppression_reason, drained_at
                    FROM (SELECT * FROM stage_drain WHERE suppression_reason IS NOT NULL
                          QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1)
                    ON CONFLICT (email) DO NOTHING
                    """);
            });
        }, ct);
    }

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, "CREATE TEMP TABLE stage_keys (email VARCHAR, campaign_id VARCHAR)");
            using (var a = conn.CreateAppender("temp", "main", "stage_keys"))
            {
                foreach (var k in leads) a.CreateRow().AppendValue(k.Email).AppendValue(k.CampaignId).EndRow();
            }
            InTransaction(conn, () =>
            {
                using var cmd = Command(conn, """
                    UPDATE ops_inst_state SET last_drain_check = $at, needs_drain_check = FALSE
                    FROM (SELECT DISTINCT email, campaign_id FROM stage_keys) k
                    WHERE ops_inst_state.email = k.email AND ops_inst_state.campaign_id = k.campaign_id
                    """, ("at", checkedAt.UtcDateTime));
                cmd.ExecuteNonQuery();
            });
        }, ct);
    }
}
