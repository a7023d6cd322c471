using ColdEmail.Pipeline.Gateway;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Observability;

/// <summary>One campaign's inventory as last seen: active leads in Instantly against the sync's target.</summary>
public sealed record InventoryStatus(int Active, int? Target);

/// <summary>How the last run of a kind (sync, drain, orphans) ended.</summary>
public sealed record RunStatus(string Kind, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, int Failures);

/// <summary>Everything <see cref="PipelineStatus"/> knows at one moment (immutable, so a reader never sees half an update).</summary>
public sealed record PipelineStatusSnapshot(
    IReadOnlyDictionary<string, InventoryStatus> Inventory,
    IReadOnlyDictionary<string, int> DeadLetters,
    CircuitState Circuit,
    DateTimeOffset? CircuitChangedAt,
    IReadOnlyDictionary<string, RunStatus> LastRuns,
    IReadOnlyDictionary<string, DateTimeOffset> LastSuccess)
{
    public static readonly PipelineStatusSnapshot Empty = new(
        new Dictionary<string, InventoryStatus>(), new Dictionary<string, int>(), CircuitState.Closed, null,
        new Dictionary<string, RunStatus>(), new Dictionary<string, DateTimeOffset>());
}

/// <summary>
/// The daemon's latest known state, fed by run summaries and the breaker's events (never by asking actors on a hot
/// path) and read by the metrics' gauges and the status page. Keys are campaign names, never anything personal.
/// </summary>
public sealed class PipelineStatus
{
    private readonly Lock _lock = new();
    private PipelineStatusSnapshot _current = PipelineStatusSnapshot.Empty;

    public PipelineStatusSnapshot Current => Volatile.Read(ref _current);

    public void SetInventory(string campaign, int active, int? target) =>
        Update(s => s with { Inventory = With(s.Inventory, campaign, new InventoryStatus(active, target ?? s.Inventory.GetValueOrDefault(campaign)?.Target)) });

    /// <summary>Every campaign's active count at once (targets kept), so a reader never sees a half-applied refresh.</summary>
    public void SetActive(IReadOnlyDictionary<string, int> activeByCampaign) => Update(s =>
    {
        var inventory = new Dictionary<string, InventoryStatus>(s.Inventory, StringComparer.Ordinal);
        foreach (var (campaign, active) in activeByCampaign)
        {
            inventory[campaign] = new InventoryStatus(active, s.Inventory.GetValueOrDefault(campaign)?.Target);
        }
        return s with { Inventory = inventory };
    });

    public void SetDeadLetters(IReadOnlyDictionary<string, int> byCampaign) =>
        Update(s => s with { DeadLetters = new Dictionary<string, int>(byCampaign, StringComparer.Ordinal) });

    public void SetCircuit(CircuitState state, DateTimeOffset at) => Update(s => s with { Circuit = state, CircuitChangedAt = at });

    public void RunFinished(RunStatus run) => Update(s => s with
    {
        LastRuns = With(s.LastRuns, run.Kind, run),
        LastSuccess = run.Succeeded ? With(s.LastSuccess, run.Kind, run.FinishedAt) : s.LastSuccess,
    });

    private void Update(Func<PipelineStatusSnapshot, PipelineStatusSnapshot> change)
    {
        lock (_lock)
        {
            Volatile.Write(ref _current, change(_current));
        }
    }

    private static Dictionary<string, T> With<T>(IReadOnlyDictionary<string, T> map, string key, T value) =>
        new(map, StringComparer.Ordinal) { [key] = value };
}
