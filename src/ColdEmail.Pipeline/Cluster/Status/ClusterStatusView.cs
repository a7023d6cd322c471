using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>
/// What `coldemail cluster status` shows (GET /cluster on a node's HTTP face, as JSON): membership as the answering node sees
/// it, where each campaign entity and each singleton runs, the workspace budget's grants per node and every node's breaker and
/// permit client. Addresses are Akka node addresses; no lead, email address or secret is part of it.
/// </summary>
public sealed record ClusterStatusView(
    string AnsweredBy,
    string? Leader,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<SingletonView> Singletons,
    IReadOnlyList<CampaignPlacement> Campaigns,
    IReadOnlyList<string> Unplaced,
    WorkspaceBudgetStatus? Budget,
    IReadOnlyList<NodeView> Nodes,
    IReadOnlyList<string> Problems);

/// <param name="Status">Akka's member status: Joining, WeaklyUp, Up, Leaving, Exiting, Down, Removed.</param>
/// <param name="Oldest">The oldest member hosts the singletons.</param>
public sealed record MemberView(string Address, string Status, bool Reachable, bool Oldest, IReadOnlyList<string> Roles);

/// <param name="Node">Null while no member runs it (during a hand-over).</param>
public sealed record SingletonView(string Name, string? Node);

public sealed record CampaignPlacement(string Campaign, string Node);

/// <param name="Answered">False when the member did not answer (unreachable, starting, stopping): its parts are then null.</param>
public sealed record NodeView(string Address, bool Answered, CircuitStatus? Breaker, PermitClientStatus? Permits, IReadOnlyList<string> Problems);
