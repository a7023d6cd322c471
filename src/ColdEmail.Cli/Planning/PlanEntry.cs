namespace ColdEmail.Cli.Planning;

/// <summary>One line of `plan`: a lead, its campaign, what a run would do with it, and why.</summary>
public sealed record PlanEntry(string Phase, string Email, string? Campaign, string Action, string Reason);

/// <summary>A campaign's inventory as the dry sync planned it (the same <c>InventoryPlanner</c> answer a sync starts from).</summary>
public sealed record PlanCampaign(string Name, string? CampaignId, int Need, double Multiplier, int Target, int Active, int ToAdd, string Reason, string? MultiplierReason);

/// <summary>
/// The whole dry run: the sync's and the drain's decisions per lead (the real runs' code, dry), orphan recovery's,
/// and what could not be decided. Action counts cover every decision, also those beyond <c>--limit</c>'s listing.
/// </summary>
public sealed record Plan(DateTimeOffset At, IReadOnlyList<PlanEntry> Sync, IReadOnlyList<PlanEntry> Drain)
{
    public IReadOnlyList<PlanCampaign> Campaigns { get; init; } = [];
    public IReadOnlyDictionary<string, int> SyncActions { get; init; } = new Dictionary<string, int>();
    public IReadOnlyDictionary<string, int> DrainActions { get; init; } = new Dictionary<string, int>();

    /// <summary>What orphan recovery would do with leads in Instantly that the warehouse does not track (empty when the flag is off).</summary>
    public IReadOnlyList<PlanEntry> Orphans { get; init; } = [];
    public IReadOnlyDictionary<string, int> OrphanActions => Count(Orphans);

    /// <summary>What the dry runs could not do (a campaign Instantly refuses, leads Instantly could not be asked about).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    public static Dictionary<string, int> Count(IEnumerable<PlanEntry> entries) =>
        entries.GroupBy(e => e.Action).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
}
