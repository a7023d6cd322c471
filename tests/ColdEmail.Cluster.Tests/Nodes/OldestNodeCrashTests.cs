using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Nodes;

/// <summary>
/// The oldest node dies. It hosts every singleton (catalog, budget, drain coordinator) and the shard coordinator, besides its
/// share of the campaigns, so this is the crash with the most to move: the coordinator must come back on a survivor, learn
/// where the shards live, and restart the dead node's campaigns there (remember-entities), each exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class OldestNodeCrashTests(PostgresServer server) : ClusterWorldTest(server, "oldest")
{
    [Fact]
    public async Task The_oldest_nodes_campaigns_restart_on_the_survivors_under_a_new_shard_coordinator_and_answer_from_there()
    {
        var nodes = await World.StartNodesAsync(3);
        var placement = await Eventually.PlacementAsync(nodes, TimeSpan.FromSeconds(180));
        var oldest = ClusterWorld.Oldest(nodes);
        var moved = placement.Where(p => p.Value == oldest).Select(p => p.Key).ToList();
        var survivor = nodes.First(n => n != oldest);

        await oldest.CrashAsync();

        var after = await Eventually.PlacementAsync(nodes, TimeSpan.FromSeconds(120));
        Assert.All(after.Values, n => Assert.NotSame(oldest, n));
        // The campaigns that stayed put did not restart; the dead node's ones run on a survivor now.
        foreach (var (campaign, node) in placement.Where(p => p.Value != oldest)) Assert.Same(node, after[campaign]);
        Assert.All(moved, c => Assert.Contains(after[c], nodes.Where(n => n != oldest)));

        // Every campaign answers a survivor through sharding, the moved ones from their new home, with their recovered ledger.
        var ledgers = await survivor.Pipeline.GetLedgersAsync();
        Assert.Equal(ClusterWorld.CampaignNames.Order(StringComparer.Ordinal), ledgers.Select(l => l.Campaign).Order(StringComparer.Ordinal));
        Assert.All(ledgers, l => Assert.Empty(l.Open));
        // And the schedule's owner (the catalog singleton) came back on exactly one survivor.
        await Eventually.Until(() => nodes.Count(n => !n.Stopped && n.Gate.IsOwner) == 1, "no survivor took the catalog over", TimeSpan.FromSeconds(60));
    }
}
