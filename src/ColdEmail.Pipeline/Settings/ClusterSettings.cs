namespace ColdEmail.Pipeline.Settings;

/// <summary>The split-brain resolver's strategy (see hocon/cluster.conf for when to use which).</summary>
public enum SplitBrainStrategy
{
    KeepMajority,
    KeepOldest,
}

/// <summary>
/// coldemail.cluster: off = one process; on = a node of an Akka.Cluster. The positional part is what the first build had;
/// the rest is bound by <see cref="ClusterSettingsBinding"/>.
/// </summary>
public sealed record ClusterSettings(bool Enabled, string Hostname, int Port, IReadOnlyList<string> SeedNodes)
{
    /// <summary>The nodes a deployment runs; the static share of a cut-off node is the workspace limit divided by it.</summary>
    public int ExpectedNodes { get; init; } = 3;

    /// <summary>Members that must be up before campaigns are placed (so they do not all land on the first node).</summary>
    public int MinimumMembers { get; init; } = 1;

    public SplitBrainStrategy SplitBrain { get; init; } = SplitBrainStrategy.KeepMajority;

    /// <summary>The split-brain resolver's stable-after (also the down-removal margin; see hocon/coldemail.conf).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>Shards of the campaign region; fixed for the cluster's lifetime (10 × the largest expected node count).</summary>
    public int Shards { get; init; } = 30;

    /// <summary>How long a permit lease lives.</summary>
    public TimeSpan PermitLease { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Permits a node asks for at once.</summary>
    public int PermitBatch { get; init; } = 10;

    /// <summary>Without an answer from the budget for this long, a node spends its static share on its own.</summary>
    public TimeSpan FallbackAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How nodes find each other: static seed nodes, or Cluster Bootstrap (see <see cref="ClusterDiscoverySettings"/>).</summary>
    public ClusterDiscoverySettings Discovery { get; init; } = ClusterDiscoverySettings.Seeds;

    public bool Equals(ClusterSettings? other) =>
        other is not null && Enabled == other.Enabled && Hostname == other.Hostname && Port == other.Port
        && SeedNodes.SequenceEqual(other.SeedNodes) && ExpectedNodes == other.ExpectedNodes && MinimumMembers == other.MinimumMembers
        && SplitBrain == other.SplitBrain && StableAfter == other.StableAfter && Shards == other.Shards && PermitLease == other.PermitLease
        && PermitBatch == other.PermitBatch && FallbackAfter == other.FallbackAfter && Discovery.Equals(other.Discovery);

    public override int GetHashCode() => HashCode.Combine(Enabled, Hostname, Port, SeedNodes.Count, ExpectedNodes, SplitBrain, Shards);
}
