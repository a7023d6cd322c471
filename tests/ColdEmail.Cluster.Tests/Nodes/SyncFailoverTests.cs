using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Nodes;

/// <summary>
/// A node dies in the middle of a sync run: the run must not wait for its timeout for the campaigns that lived there, and no lead
/// may reach Instantly twice. Three real hosts on loopback, one PostgreSQL journal, one sandbox.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SyncFailoverTests(PostgresServer server) : ClusterWorldTest(server, "failover")
{
    [Fact]
    public async Task A_campaign_whose_node_dies_mid_sync_answers_the_run_from_its_new_node_with_no_lead_sent_twice()
    {
        var nodes = await World.StartNodesAsync(3);
        await World.Warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(11, ProspectMix.Clean).Generate(1200));
        var placement = await Eventually.StablePlacementAsync(nodes, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(180));
        // The victim is not the oldest node: that one runs the sync (and the singletons, which other tests move).
        var oldest = ClusterWorld.Oldest(nodes);
        var victim = placement.Values.Where(n => n != oldest).GroupBy(n => n).OrderByDescending(g => g.Count()).First().Key;
        var runTimeout = World.Options().RunTimeout;

        // The victim's campaigns journal their batch's claim, then their bulk add hangs: the node dies with the batch in hand.
        victim.Instantly.Hold();
        var sync = oldest.Pipeline.SyncOnceAsync();
        // The campaigns that move are those the victim hosted from the start and still hosts when it dies, every one with its
        // bulk add held: sharding still rebalances while the nodes join. A campaign moved off the victim before its batch's
        // claim never reaches the victim's Instantly; one moved onto it mid-run answered the run from its first home (with
        // nothing to reconcile). A new workspace budget grants nothing for its first minute, and a loaded machine stretches
        // the rest: a deadline, not a wait.
        var first = placement.Where(p => p.Value == victim).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> moved = [];
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(240);
        while (moved.Count == 0 || !moved.All(c => victim.Instantly.IsWaiting(World.Sandbox.CampaignIds.First(id => id.Key.Equals(c, StringComparison.OrdinalIgnoreCase)).Value)))
        {
            Assert.True(DateTime.UtcNow < until, $"the victim's campaigns never reached their bulk add (hosting {string.Join(",", moved)}, {victim.Instantly.Waiting} held)");
            await Task.Delay(200);
            moved = (await victim.HostedCampaignsAsync()).Where(first.Contains).ToList();
        }
        Assert.False(sync.IsCompleted, "the run ended while campaigns were still running");
        await victim.CrashAsync();

        // Well before the run timeout (the run would otherwise answer only then, with these campaigns failed).
        Pipeline.Runs.SyncRunSummary summary;
        try
        {
            summary = await sync.WaitAsync(runTimeout / 2);
        }
        catch (TimeoutException)
        {
            var hosted = await Task.WhenAll(nodes.Where(n => !n.Stopped).Select(async n => n.Address + ": " + string.Join(",", await n.HostedCampaignsAsync())));
            // What the survivors think of the membership tells a node never downed from a shard never reallocated.
            var views = nodes.Where(n => !n.Stopped).Select(n => Akka.Cluster.Cluster.Get(n.System).State).Select(st =>
                $"members {string.Join(",", st.Members.Select(m => m.Address.Port + ":" + m.Status))} unreachable {string.Join(",", st.Unreachable.Select(m => m.Address.Port))}");
            Assert.Fail($"the run did not end; moved {string.Join(",", moved)}; hosted now {string.Join(" | ", hosted)}; views {string.Join(" | ", views)}");
            throw;
        }

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(ClusterWorld.CampaignNames.Length, summary.Campaigns.Count);
        var after = await Eventually.PlacementAsync(nodes, TimeSpan.FromSeconds(180));
        foreach (var entity in moved)
        {
            Assert.NotSame(victim, after[entity]);
            var result = Assert.Single(summary.Campaigns, c => c.Campaign.Equals(entity, StringComparison.OrdinalIgnoreCase));
            var inSandbox = World.Sandbox.State.CountLeads(World.Sandbox.CampaignIds[result.Campaign]);
            // The answer is the new node's: it found the dead node's claim open, reconciled it (nothing had reached Instantly, so
            // every lead went back to the pool) and enrolled the campaign itself.
            Assert.True(result.Returned > 0, $"{result.Campaign}: the open claim of the dead node was not reconciled");
            Assert.True(result.Created > 0, $"{result.Campaign}: nothing enrolled after the move");
            Assert.Equal(result.Created, inSandbox);
        }
        // Not one lead twice in the workspace, and no batch left open in any ledger.
        var all = ClusterWorld.CampaignNames.SelectMany(n => World.Sandbox.State.AllLeads(World.Sandbox.CampaignIds[n])).ToList();
        Assert.Equal(summary.TotalLeadsCreated, all.Count);
        Assert.All(all.GroupBy(l => l.Email, StringComparer.OrdinalIgnoreCase), g => Assert.Single(g));
        // Asked of a survivor: the victim may be the first node started.
        var ledgers = await oldest.Pipeline.GetLedgersAsync();
        Assert.All(ledgers, l => Assert.Empty(l.Open));
    }
}
