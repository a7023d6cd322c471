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
    private string InventoryLeads => SqlText("ops/inventory_leads");

    public async Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return new Dictionary<string, StoredVerification>();
        var rows = await _client.QueryAllAsync(SqlText("ops/find_verifications"), [BqParameter.Strings("emails", emails.Select(Normalise).Distinct())], ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequiredString("email"), r => new StoredVerification(r.RequiredString("email"),
            OpsNames.Verification(r.RequiredString("verification_status")), OpsNames.CatchAll(r.String("catch_all")),
            r.Decimal("credits_used"), r.Timestamp("verified_at")!.Value), StringComparer.Ordinal);
    }

    public Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, StoredVerificationFields, (v, seq) =>
            [seq, Normalise(v.Email), LeadStateNames.ToSql(v.Status), LeadStateNames.ToSql(v.CatchAll), v.CreditsUsed, v.VerifiedAt],
            SqlText("ops/save_verifications"), ct);

    public async Task<TrackedLeads> FindTrackedLeadsAsync(IReadOnlyCollection<string> instantlyLeadIds, IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(instantlyLeadIds);
        ArgumentNullException.ThrowIfNull(emails);
        if (instantlyLeadIds.Count == 0 && emails.Count == 0) return new TrackedLeads([]);
        var rows = await _client.QueryAllAsync(SqlText("ops/find_tracked_leads"), [BqParameter.Strings("ids", instantlyLeadIds.Distinct()), BqParameter.Strings("emails", emails.Select(Normalise).Distinct())], ct).ConfigureAwait(false);
        return new TrackedLeads(rows.Select(r => new TrackedLead(r.RequiredString("email"), r.RequiredString("campaign_id"),
            r.String("instantly_lead_id"), r.String("status"))).ToList());
    }

    public Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, PerformanceFields, (p, seq) =>
            [seq, p.Date, p.CampaignId, p.CampaignName, (long)p.LeadsCount, (long)p.Contacted, (long)p.EmailsSent, (long)p.Opens,
             (long)p.Replies, (long)p.RepliesAutomatic, (long)p.Clicks, (long)p.Bounced, (long)p.Unsubscribed, (long)p.Completed, p.CapturedAt],
            SqlText("ops/upsert_campaign_performance"), ct);

    public async Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("ops/campaign_performance_report"), [new BqParameter("from", BqType.Date, from), new BqParameter("to", BqType.Date, to)], ct).ConfigureAwait(false))
        .Select(r => new CampaignPerformanceReportRow(r.Date("date")!.Value, r.RequiredString("campaign_id"), r.String("campaign_name"),
            r.Int32("contacted") ?? 0, r.Int32("emails_sent") ?? 0, r.Int32("replies") ?? 0, r.Int32("replies_automatic") ?? 0,
            r.Int32("bounced") ?? 0, r.Decimal("reply_rate"), r.Decimal("bounce_rate"))).ToList();

    public async Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from) return [];
        var rows = await _client.QueryAllAsync(InventoryLeads + SqlText("ops/daily_drain_counts"), [new BqParameter("from", BqType.Date, from), new BqParameter("to", BqType.Date, to)], ct).ConfigureAwait(false);
        return rows.Select(r => new DailyDrainCount(r.Date("day")!.Value, r.Int32("drained") ?? 0, r.Int32("inventory") ?? 0)).ToList();
    }

    public async Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(InventoryLeads + SqlText("ops/reply_counts"), [BqParameter.Timestamp("from", from), BqParameter.Timestamp("to", to)], ct).ConfigureAwait(false);
        return rows.Count == 0 ? new ReplyCounts(0, 0) : new ReplyCounts(rows[0].Int32("in_campaign") ?? 0, rows[0].Int32("replied") ?? 0);
    }
}
