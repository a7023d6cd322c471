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
