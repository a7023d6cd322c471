namespace ColdEmail.Warehouse.Ports;

/// <summary>The drain's reads and writes.</summary>
public interface IDrainStore
{
    /// <summary>Active leads whose <c>last_drain_check</c> is null or older than <paramref name="minInterval"/>, priority order.</summary>
    Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default);

    /// <summary>Writes the drain decisions: history rows, state to the drained status, suppression where asked.</summary>
    Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default);

    /// <summary>Stamps <c>last_drain_check</c> on kept leads.</summary>
    Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default);
}
