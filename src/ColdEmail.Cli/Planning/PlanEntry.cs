namespace ColdEmail.Cli.Planning;

/// <summary>One line of `plan`: a lead, its campaign, what a run would do with it, and why.</summary>
public sealed record PlanEntry(string Phase, string Email, string? Campaign, string Action, string Reason);

/// <summary>The whole dry run: sync, drain and orphan-recovery decisions per lead.</summary>
public sealed record Plan(DateTimeOffset At, IReadOnlyList<PlanEntry> Sync, IReadOnlyList<PlanEntry> Drain)
{
    public IReadOnlyDictionary<string, int> SyncActions => Count(Sync);
    public IReadOnlyDictionary<string, int> DrainActions => Count(Drain);

    /// <summary>What orphan recovery would do with leads in Instantly that the warehouse does not track (empty when the flag is off).</summary>
    public IReadOnlyList<PlanEntry> Orphans { get; init; } = [];
    public IReadOnlyDictionary<string, int> OrphanActions => Count(Orphans);

    private static Dictionary<string, int> Count(IReadOnlyList<PlanEntry> entries) =>
        entries.GroupBy(e => e.Action).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
