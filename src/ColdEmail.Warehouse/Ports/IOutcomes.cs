namespace ColdEmail.Warehouse.Ports;

/// <summary>What a run records: lead states, dead letters and its summary. Every write takes a batch (one transaction or DML statement).</summary>
public interface IOutcomes
{
    /// <summary>Upserts <c>ops_inst_state</c> rows keyed by (email, campaign_id).</summary>
    Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default);

    /// <summary>Adds or updates dead letters keyed by <see cref="DeadLetter.Id"/>.</summary>
    Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default);

    /// <summary>Unresolved, not permanent, and <c>next_retry_at</c> at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default);

    Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default);

    Task RecordRunAsync(RunRecord run, CancellationToken ct = default);
}
