using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Warehouse;

/// <summary>
/// Everything ColdEmail reads from and writes to the warehouse. Every write takes a batch; adapters
/// write a batch in one transaction (DuckDB, PostgreSQL) or one DML statement (BigQuery). Emails
/// arriving here are already normalised, except in <see cref="Prospect"/>, which is raw warehouse data.
/// </summary>
public interface ILeadWarehouse
{
    /// <summary>Creates every table and view that is missing; running it again changes nothing.</summary>
    Task EnsureSchemaAsync(CancellationToken ct = default);

    // ---- SYNC ----

    /// <summary>
    /// The ready leads (view <c>v_ready_for_instantly</c>'s rules at the query's clock) the query's routing sends to its
    /// campaign, best score first, then email; read page by page, never the whole set in memory.
    /// </summary>
    IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, CancellationToken ct = default);

    /// <summary>Every row of <c>eligible_leads</c> with the reason the view excludes it, if it does, and the campaign <paramref name="routing"/> gives it (for <c>plan</c>).</summary>
    IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, CancellationToken ct = default);

    /// <summary>Upserts <c>ops_inst_state</c> rows keyed by (email, campaign_id).</summary>
    Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default);

    /// <summary>Active leads per campaign id, from <c>ops_inst_state</c>.</summary>
    Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default);

    // ---- DRAIN ----

    /// <summary>Active leads whose <c>last_drain_check</c> is null or older than <paramref name="minInterval"/>, priority order.</summary>
    Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default);

    /// <summary>Writes the drain decisions: history rows, state to the drained status, suppression where asked.</summary>
    Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default);

    /// <summary>Stamps <c>last_drain_check</c> on kept leads.</summary>
    Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default);

    // ---- Dead letters ----

    /// <summary>Adds or updates dead letters keyed by <see cref="DeadLetter.Id"/>.</summary>
    Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default);
    Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default);
    /// <summary>Unresolved, not permanent, and <c>next_retry_at</c> at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default);
    Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default);

    // ---- Config table, runs, suppression ----

    Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default);
    Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default);

    Task RecordRunAsync(RunRecord run, CancellationToken ct = default);
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default);

    Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default);
    Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default);

    /// <summary>Suppresses whole domains (lower case, no "@"); the first entry for a domain wins, like email suppression.</summary>
    Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default);

    /// <summary>
    /// GDPR/CCPA erasure of one address, in one transaction where the engine has them: deletes its rows from
    /// eligible_leads (when it is a table), ops_inst_state, ops_lead_history, ops_dead_letters,
    /// ops_email_verification and suppression, and keeps only a hashed suppression row
    /// (<see cref="ColdEmail.Domain.Leads.EmailIdentity.Sha256Hex"/> of the normalised address), so the view excludes a
    /// later import of the same address. Running it again changes nothing.
    /// </summary>
    Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default);

    // ---- Explain and reports ----

    /// <summary>Everything known about one address; its <c>sequence_target</c> is the campaign <paramref name="routing"/> gives it.</summary>
    Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, CancellationToken ct = default);

    /// <summary>As above, routed as the adapter's views are (the routing it was created with).</summary>
    Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default);
    Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default);
    Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default);
}
