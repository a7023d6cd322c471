using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>`cluster status` asks every member's <see cref="NodeStatusActor"/> what it hosts (crosses nodes).</summary>
public sealed record GetNodeStatus
{
    public static readonly GetNodeStatus Instance = new();
}

/// <summary>
/// One node's own view: the campaign entities its shard region hosts (entity ids), the cluster singletons whose managers run
/// here and those whose instance runs here, its circuit breaker and its permit client. Null parts did not answer in time.
/// Counts and names only: no lead, address or secret.
/// </summary>
public sealed record NodeStatusReport(
    string Node,
    IReadOnlyList<string> Campaigns,
    IReadOnlyList<string> SingletonManagers,
    IReadOnlyList<string> SingletonsHosted,
    CircuitStatus? Breaker,
    PermitClientStatus? Permits,
    IReadOnlyList<string> Problems);
