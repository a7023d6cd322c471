using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Nodes;

/// <summary>
/// The drain in a three-node cluster: one coordinator (a singleton), batches handed to every node's workers, which call Instantly
/// through their own node's gateway. The sandbox and the nodes share a simulated clock, so the sequences move on by days.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterDrainTests(PostgresServer server) : ClusterWorldTest(server, "drain", simulatedClock: true)
{
    /// <summary>What the domain rules say, right now, about every lead of the cluster's campaigns in the sandbox.</summary>
    private Dictionary<string, DrainDecision> Expected()
    {
        var policy = World.Options().Drain.Policy;
        var now = World.Clock.GetUtcNow();
        return ClusterWorld.CampaignNames.SelectMany(n => World.Sandbox.State.AllLeads(World.Sandbox.CampaignIds[n])).ToDictionary(l => l.Id, l =>
            DrainClassifier.Classify(new LeadSnapshot(l.Id, l.Email!, l.CampaignId, l.Status, l.EmailReplyCount, l.LtInterestStatus, l.TimestampCreated,
                TimestampLastReply: l.TimestampLastReply, TimestampLastContact: l.TimestampLastContact,
                EmailOpenCount: l.EmailOpenCount, EmailClickCount: l.EmailClickCount), policy, now));
    }

    private HashSet<string> InSandbox() =>
        ClusterWorld.CampaignNames.SelectMany(n => World.Sandbox.State.AllLeads(World.Sandbox.CampaignIds[n])).Select(l => l.Id).ToHashSet();

    /// <summary>Asserts the pass removed exactly the leads the rules drain, kept the rest, and counted each reason.</summary>
    private void AssertAsTheRulesSay(Dictionary<string, DrainDecision> expected, DrainRunSummary summary)
    {
        var drained = expected.Where(e => e.Value is DrainDecision.Drain).ToDictionary(e => e.Key, e => ((DrainDecision.Drain)e.Value).Code);
        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(expected.Count, summary.Checked);
        Assert.Equal(drained.Count, summary.Drained);
        Assert.Equal(expected.Count - drained.Count, summary.Kept);
        Assert.Equal(expected.Keys.Except(drained.Keys).ToHashSet(), InSandbox());
        Assert.Equal(drained.GroupBy(d => d.Value).ToDictionary(g => g.Key, g => g.Count()), summary.DrainResults.ToDictionary(kv => kv.Key, kv => kv.Value));
    }

    [Fact]
    public async Task A_drain_spreads_its_batches_over_every_nodes_workers_removes_what_the_rules_say_and_a_pass_whose_coordinator_dies_is_run_by_its_next_home()
    {
        var nodes = await World.StartNodesAsync(3);
        await World.Warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(7, ProspectMix.Clean).Generate(600));
        // Sharding still rebalances while the nodes join: a campaign handed off in the middle of its run answers with what it
        // enrolled so far, and the next run adds the rest. The drain below needs leads to drain, so a second run tops them up.
        var created = (await nodes[1].Pipeline.SyncOnceAsync()).TotalLeadsCreated;
        if (created < 60) created += (await nodes[1].Pipeline.SyncOnceAsync()).TotalLeadsCreated;
        Assert.True(created >= 60, $"only {created} leads enrolled");

        World.Sandbox.AdvanceDays(12);
        World.Sandbox.RunEngine();
        var expected = Expected();
        Assert.Contains(expected.Values, d => d is DrainDecision.Drain);
        Assert.Contains(expected.Values, d => d is DrainDecision.Keep);

        var first = await nodes[2].Pipeline.DrainOnceAsync();

        AssertAsTheRulesSay(expected, first);
        // 10 leads a batch, round-robin over the three nodes' pools: every node checked some.
        var pools = await Task.WhenAll(nodes.Select(n => n.DrainWorkersAsync()));
        Assert.All(pools, p => Assert.True(p.Batches > 0, $"node {p.Node} got no batch"));
        Assert.Equal((expected.Count + 9) / 10, pools.Sum(p => p.Batches));

        // The coordinator is a singleton on the oldest node, as the budget is: that node will crash.
        var budgetAt = (await ActorRegistry.For(nodes[0].System).Get<WorkspaceBudgetActor>()
            .Ask<WorkspaceBudgetStatus>(GetWorkspaceBudgetStatus.Instance, TimeSpan.FromSeconds(20))).Address;
        var oldest = nodes.Single(n => n.Address == budgetAt);

        World.Sandbox.AdvanceDays(10);
        World.Sandbox.RunEngine();
        var later = Expected();
        Assert.NotEmpty(later);
        var survivor = nodes.First(n => n != oldest);
        var before = (await Task.WhenAll(nodes.Where(n => n != oldest).Select(n => n.DrainWorkersAsync()))).Sum(p => p.Batches);

        // The pass is under way when the coordinator's node dies: its batches are reading leads from Instantly.
        foreach (var node in nodes) node.Instantly.HoldLeadReads();
        var pass = survivor.Pipeline.DrainOnceAsync();
        await Eventually.Until(() => nodes.Sum(n => n.Instantly.LeadReadsWaiting) > 0, "the pass never reached Instantly", TimeSpan.FromSeconds(60));
        await oldest.CrashAsync();
        // The dead coordinator's batches on the survivors fail their reads and write nothing; later reads go through.
        foreach (var node in nodes.Where(n => !n.Stopped)) node.Instantly.FailHeldLeadReads();

        // Once the dead node is downed and removed, the next oldest node's manager starts a new coordinator, which recovers the
        // drain journal from PostgreSQL. The caller's run asks it again (the first ask died with the old one), and it runs the
        // pass over the two surviving nodes' workers — well before the run timeout, which the caller would otherwise wait for.
        var second = await pass.WaitAsync(World.Options().RunTimeout / 2);

        AssertAsTheRulesSay(later, second);
        // The new coordinator's batches ran on the survivors (with, at most, the few the dead one had sent them).
        var after = (await Task.WhenAll(nodes.Where(n => !n.Stopped).Select(n => n.DrainWorkersAsync()))).Sum(p => p.Batches);
        Assert.True(after - before >= (later.Count + 9) / 10, $"{after - before} batches on the survivors for {later.Count} leads");
    }
}
