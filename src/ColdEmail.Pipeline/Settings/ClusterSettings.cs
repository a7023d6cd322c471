namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.cluster: off = one process; on = a node of an Akka.Cluster.</summary>
public sealed record ClusterSettings(bool Enabled, string Hostname, int Port, IReadOnlyList<string> SeedNodes)
{
    public bool Equals(ClusterSettings? other) =>
        other is not null && Enabled == other.Enabled && Hostname == other.Hostname && Port == other.Port
        && SeedNodes.SequenceEqual(other.SeedNodes);

    public override int GetHashCode() => HashCode.Combine(Enabled, Hostname, Port, SeedNodes.Count);
}
