using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using ColdEmail.Pipeline.Cluster.Budget;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>
/// Builds <see cref="ClusterStatusView"/> on the node that was asked: membership from its own cluster state, then, in parallel,
/// every live member's <see cref="NodeStatusActor"/> (at its fixed path) and the budget singleton through its proxy. A member
/// or the budget that does not answer within the timeout is reported as such; the rest of the view is still given.
/// </summary>
public sealed class ClusterStatusReader(ActorSystem system, IReadOnlyList<string> configuredCampaigns)
{
    public async Task<ClusterStatusView> ReadAsync(TimeSpan timeout)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var oldest = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .Aggregate((Member?)null, (o, m) => o is null || m.IsOlderThan(o) ? m : o);
        var members = state.Members.Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), !unreachable.Contains(m.Address),
            oldest is not null && m.Address == oldest.Address, m.Roles.Order(StringComparer.Ordinal).ToList())).ToList();

        var asked = state.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed) && !unreachable.Contains(m.Address)).ToList();
        var reports = asked.Select(m => AskNodeAsync(m.Address, timeout)).ToList();
        var budgetTask = AskBudgetAsync(timeout);
        await Task.WhenAll(reports.Append<Task>(budgetTask));

        var nodes = new List<NodeView>();
        var answered = new List<NodeStatusReport>();
        foreach (var m in state.Members)
        {
            var i = asked.IndexOf(m);
            var report = i < 0 ? null : reports[i].Result;
            if (report is not null) answered.Add(report);
            var why = i < 0 ? unreachable.Contains(m.Address) ? "unreachable" : "member is " + m.Status : "no answer within " + timeout.TotalSeconds + " s";
            nodes.Add(report is null
                ? new NodeView(m.Address.ToString(), false, null, null, [why])
                : new NodeView(m.Address.ToString(), true, report.Breaker, report.Permits, report.Problems));
        }

        var (budget, budgetProblem) = budgetTask.Result;
        var problems = new List<string>();
        if (budgetProblem is not null) problems.Add(budgetProblem);
        var placements = answered.SelectMany(r => r.Campaigns.Select(id => new CampaignPlacement(NameOf(id), r.Node)))
            .OrderBy(p => p.Campaign, StringComparer.Ordinal).ThenBy(p => p.Node, StringComparer.Ordinal).ToList();
        foreach (var twice in placements.GroupBy(p => p.Campaign).Where(g => g.Count() > 1))
            problems.Add($"campaign {twice.Key} is reported by {twice.Count()} nodes (moving between nodes?)");
        var unplaced = configuredCampaigns.Where(c => placements.All(p => !string.Equals(p.Campaign, c, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal).ToList();
        var singletons = answered.SelectMany(r => r.SingletonManagers).Distinct().Order(StringComparer.Ordinal)
            .SelectMany(name =>
            {
                var hosts = answered.Where(r => r.SingletonsHosted.Contains(name)).Select(r => r.Node).Order(StringComparer.Ordinal).ToList();
                return hosts.Count == 0 ? [new SingletonView(name, null)] : hosts.Select(h => new SingletonView(name, h));
            }).ToList();
        return new ClusterStatusView(cluster.SelfAddress.ToString(), state.Leader?.ToString(), members, singletons, placements, unplaced, budget, nodes, problems);
    }

    /// <summary>Entity ids are lower-cased campaign names; shown as configured.</summary>
    private string NameOf(string entityId) =>
        configuredCampaigns.FirstOrDefault(c => string.Equals(c, entityId, StringComparison.OrdinalIgnoreCase)) ?? entityId;

    private async Task<NodeStatusReport?> AskNodeAsync(Address node, TimeSpan timeout)
    {
        try
        {
            return await system.ActorSelection(node + NodeStatusActor.Path).Ask<NodeStatusReport>(GetNodeStatus.Instance, timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private async Task<(WorkspaceBudgetStatus?, string?)> AskBudgetAsync(TimeSpan timeout)
    {
        if (!ActorRegistry.For(system).TryGet<WorkspaceBudgetActor>(out var proxy)) return (null, "workspace budget: not started on this node");
        try
        {
            return (await proxy.Ask<WorkspaceBudgetStatus>(GetWorkspaceBudgetStatus.Instance, timeout), null);
        }
        catch (AskTimeoutException)
        {
            return (null, $"workspace budget: no answer within {timeout.TotalSeconds} s (hand-over in progress?)");
        }
    }
}
