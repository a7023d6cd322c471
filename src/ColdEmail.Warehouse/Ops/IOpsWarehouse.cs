namespace ColdEmail.Warehouse;

/// <summary>
/// The warehouse side of the features around the pipeline: verification memory, orphan recovery,
/// campaign performance snapshots and the auto-scaler's history. A separate port from
/// <see cref="ILeadWarehouse"/> so adapters that do not offer these yet still build; the pipeline
/// finds it with <c>warehouse as IOpsWarehouse</c>.
/// </summary>
public interface IOpsWarehouse
{
    // ---- Email verification ----

    /// <summary>The stored verification per (normalised) email, for the given emails; absent emails were never verified.</summary>
    Task<IReadOnlyDictionary<string, StoredVerification>> FindVerificationsAsync(IReadOnlyCollection<string> emails, CancellationToken ct = default);

    /// <summary>Upserts verification results keyed by email.</summary>
    Task SaveVerificationsAsync(IReadOnlyList<StoredVerification> rows, CancellationToken ct = default);

    // ---- Orphan recovery ----

    /// <summary>The <c>ops_inst_state</c> rows whose Instantly id or email is among those asked.</summary>
    Task<TrackedLeads> FindTrackedLeadsAsync(IReadOnlyCollection<string> instantlyLeadIds, IReadOnlyCollection<string> emails, CancellationToken ct = default);

    // ---- Campaign performance ----

    /// <summary>Upserts one snapshot row per (date, campaign_id): a later capture the same day replaces the earlier one.</summary>
    Task UpsertCampaignPerformanceAsync(IReadOnlyList<CampaignPerformanceRow> rows, CancellationToken ct = default);

    /// <summary>Per campaign, the latest snapshot in [from, to] with its reply and bounce rates.</summary>
    Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default);

    // ---- Auto-scaling history ----

    /// <summary>Per UTC day in [from, to): leads drained that day and leads that were in a campaign during it.</summary>
    Task<IReadOnlyList<DailyDrainCount>> DailyDrainCountsAsync(DateOnly from, DateOnly to, CancellationToken ct = default);

    /// <summary>Leads in a campaign during [from, to) and how many of them were drained as replied in that window.</summary>
    Task<ReplyCounts> ReplyCountsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);
}
