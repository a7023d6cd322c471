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
    private static string InventoryLeads => SqlQueries.Render(SqlScripts.Postgres, "ops/inventory_leads");

    public async Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(emails);
        if (emails.Count == 0) return new Dictionary<string, StoredVerification>();
        var rows = await QueryAsync("reading ops_email_verification", SqlText("ops/find_verifications"), r => new StoredVerification(r.GetString(0), OpsNames.Verification(r.GetString(1)), OpsNames.CatchAll(Str(r, 2)), Dec(r, 3), Time(r, 4)!.Value),
            ct, ("emails", emails.Select(Normalise).Distinct(StringComparer.Ordinal).ToArray())).ConfigureAwait(false);
        return rows.ToDictionary(v => v.Email, StringComparer.Ordinal);
    }

    public Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("saving ops_email_verification", SqlText("ops/save_verifications"), ct,
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
        var rows = await QueryAsync("finding tracked leads", SqlText("ops/find_tracked_leads"), r => new TrackedLead(r.GetString(0), r.GetString(1), Str(r, 2), Str(r, 3)), ct,
            ("ids", instantlyLeadIds.Distinct(StringComparer.Ordinal).ToArray()),
            ("emails", emails.Select(Normalise).Distinct(StringComparer.Ordinal).ToArray())).ConfigureAwait(false);
        return new TrackedLeads(rows);
    }

    public Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("upserting ops_campaign_performance", SqlText("ops/upsert_campaign_performance"), ct,
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
        QueryAsync("reading report_campaign_performance", SqlText("ops/campaign_performance_report"), r => new CampaignPerformanceReportRow(Date(r, 0), r.GetString(1), Str(r, 2),
                Int(r, 3) ?? 0, Int(r, 4) ?? 0, Int(r, 5) ?? 0, Int(r, 6) ?? 0, Int(r, 7) ?? 0, Dec(r, 8), Dec(r, 9)),
            ct, ("from", from), ("to", to));

    public async Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from) return [];
        return await QueryAsync("counting daily drains", InventoryLeads + SqlText("ops/daily_drain_counts"), r => new DailyDrainCount(Date(r, 0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2))),
            ct, ("from", from), ("to", to)).ConfigureAwait(false);
    }

    public async Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var rows = await QueryAsync("counting replies", InventoryLeads + SqlText("ops/reply_counts"), r => new ReplyCounts(Convert.ToInt32(r.GetValue(0)), Convert.ToInt32(r.GetValue(1))),
            ct, ("from", from.UtcDateTime), ("to", to.UtcDateTime)).ConfigureAwait(false);
        return rows[0];
    }
}
