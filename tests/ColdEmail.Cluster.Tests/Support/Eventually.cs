namespace ColdEmail.Cluster.Tests.Support;

/// <summary>
/// Waiting for a cluster to converge. Membership, hand-overs and recoveries finish when Akka's gossip and timers say so,
/// not at a known instant, so a test polls for the outcome with a generous deadline (a loaded CI machine is slow) and
/// fails with what it was waiting for.
/// </summary>
public static class Eventually
{
    public static async Task Until(Func<bool> condition, string failure, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, failure);
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// The placement once it has stopped changing for <paramref name="still"/> (longer than sharding's 10 s rebalance interval):
    /// sharding rebalances while nodes join, and a campaign handed off in the middle of a run answers it from its first home.
    /// </summary>
    public static async Task<Dictionary<string, ClusterNode>> StablePlacementAsync(IEnumerable<ClusterNode> nodes, TimeSpan still, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        var placement = await PlacementAsync(nodes, deadline);
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow - since < still)
        {
            Assert.True(DateTime.UtcNow < until, "the campaigns' placement never settled");
            await Task.Delay(1000);
            var now = await PlacementAsync(nodes, deadline);
            if (now.Count == placement.Count && now.All(p => placement.TryGetValue(p.Key, out var n) && n == p.Value)) continue;
            placement = now;
            since = DateTime.UtcNow;
        }
        return placement;
    }

    /// <summary>Polls the live nodes until each campaign is hosted exactly once; fails at once if one is ever hosted twice.</summary>
    public static async Task<Dictionary<string, ClusterNode>> PlacementAsync(IEnumerable<ClusterNode> nodes, TimeSpan deadline)
    {
        var live = nodes.Where(n => !n.Stopped).ToList();
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var placement = new Dictionary<string, ClusterNode>(StringComparer.Ordinal);
            foreach (var node in live)
            {
                foreach (var entity in await node.HostedCampaignsAsync())
                {
                    Assert.False(placement.ContainsKey(entity), $"campaign {entity} runs on two nodes at once (two writers of one ledger)");
                    placement[entity] = node;
                }
            }
            if (placement.Count == ClusterWorld.CampaignNames.Length) return placement;
            Assert.True(DateTime.UtcNow < until, $"only {placement.Count} of {ClusterWorld.CampaignNames.Length} campaigns placed: {string.Join(", ", placement.Keys)}");
            await Task.Delay(200);
        }
    }
}
