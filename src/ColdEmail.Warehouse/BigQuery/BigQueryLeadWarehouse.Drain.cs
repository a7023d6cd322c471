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
        var rows = await _client.QueryAllAsync(SqlText("drain/leads_due_for_drain"), [BqParameter.Timestamp("due", now - minInterval), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false);
        return rows.Select(r => new DrainCandidate(r.RequiredString("email"), r.RequiredString("campaign_id"), r.RequiredString("instantly_lead_id"),
            r.Timestamp("created_at")!.Value, r.Timestamp("last_drain_check"), r.Int32("priority") ?? 100)).ToList();
    }

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default) =>
        MergeInBatchesAsync(drains, DrainFields, (d, seq) =>
            [seq, d.Email, d.CampaignId, d.InstantlyLeadId, d.DrainReason, d.Outcome, d.DrainedAt, (long)d.DaysInCampaign,
             (long)d.EmailsSent, (long)d.EmailsOpened, (long)d.LinksClicked, (long)d.RepliesReceived, d.SuppressionReason, d.DetailsJson, d.CooldownUntil],
            SqlText("drain/record_drains"), ct);

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default) =>
        MergeInBatchesAsync(leads, KeyFields, (k, _) => [k.Email, k.CampaignId],
            SqlText("drain/mark_drain_checked"), ct, BqParameter.Timestamp("at", checkedAt));
}
