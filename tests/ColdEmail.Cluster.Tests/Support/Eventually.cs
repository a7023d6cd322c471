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

    /// <summary>
    /// Polls the live nodes until each campaign is hosted exactly once; fails if one is hosted twice in consecutive polls.
    /// </summary>
    /// <remarks>
    /// One poll asks every node for its shards, and the answers are not one instant: a hand-off that completes between two
    /// nodes' answers shows the campaign on both (stopped on its old home after that node answered, started on its new one
    /// before this one did). A hand-off stops the old entity before the new one starts, so such a sample never repeats; two
    /// writers of one ledger (a split brain) show in every poll.
    /// </remarks>
    public static async Task<Dictionary<string, ClusterNode>> PlacementAsync(IEnumerable<ClusterNode> nodes, TimeSpan deadline)
    {
        const int repeatsThatMeanTwoWriters = 3;
        var live = nodes.Where(n => !n.Stopped).ToList();
        var until = DateTime.UtcNow + deadline;
        var doubled = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            var answers = await Task.WhenAll(live.Select(async node => (node, hosted: await node.HostedCampaignsAsync())));
            var placement = new Dictionary<string, ClusterNode>(StringComparer.Ordinal);
            var twice = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (node, hosted) in answers)
            {
                foreach (var entity in hosted)
                {
                    if (!placement.TryAdd(entity, node)) twice.Add(entity);
                }
            }
            foreach (var entity in doubled.Keys.Except(twice).ToList()) doubled.Remove(entity);
            foreach (var entity in twice)
            {
                doubled[entity] = doubled.GetValueOrDefault(entity) + 1;
                Assert.True(doubled[entity] < repeatsThatMeanTwoWriters, $"campaign {entity} runs on two nodes at once (two writers of one ledger)");
            }
            if (twice.Count == 0 && placement.Count == ClusterWorld.CampaignNames.Length) return placement;
            Assert.True(DateTime.UtcNow < until, $"only {placement.Count} of {ClusterWorld.CampaignNames.Length} campaigns placed: {string.Join(", ", placement.Keys)}");
            await Task.Delay(200);
        }
    }
}
