using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Budget;
using ColdEmail.Pipeline.Cluster.Budget;

namespace ColdEmail.Pipeline.Tests.Cluster;

/// <summary>A node's permit client with a probe for the budget singleton, on the TestKit scheduler.</summary>
public sealed class WorkspacePermitClientTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private const int Batch = 10;
    private static readonly TimeSpan FallbackAfter = TimeSpan.FromSeconds(2);
    private static readonly BudgetLimits Limits = BudgetLimits.Instantly with { ExpectedNodes = 4 };

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private (IActorRef Client, TestProbe Budget) Start()
    {
        var budget = CreateTestProbe();
        return (Sys.ActorOf(WorkspacePermitClient.Props(budget.Ref, "node-a", Limits, Batch, FallbackAfter, TimeSpan.FromSeconds(5))), budget);
    }

    private void Acquire(IActorRef client, int from, int count)
    {
        for (var i = from; i < from + count; i++) client.Tell(new AcquireWorkspacePermit(i));
    }

    private void Grant(IActorRef client, RequestWorkspacePermits ask, int granted) =>
        client.Tell(new WorkspacePermits(ask.Node, granted, Clock.Now + Limits.Lease, TimeSpan.Zero, null, ask.Sequence));

    [Fact]
    public void It_asks_the_budget_for_what_its_requests_need_and_at_most_a_batch()
    {
        var (client, budget) = Start();

        // One request waiting: one permit asked for, not a batch of ten.
        Acquire(client, 0, 1);
        var first = budget.ExpectMsg<RequestWorkspacePermits>();
        Assert.Equal(1, first.Wanted);
        // Two more arrive while that ask is out: they wait for its answer, then are asked for together.
        Acquire(client, 1, 2);
        budget.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Grant(client, first, 1);
        Assert.Equal(0, ExpectMsg<WorkspacePermitGranted>().RequestId);
        var second = budget.ExpectMsg<RequestWorkspacePermits>();
        Assert.Equal(2, second.Wanted);
        Grant(client, second, 2);
        Assert.Equal([1L, 2L], new[] { ExpectMsg<WorkspacePermitGranted>().RequestId, ExpectMsg<WorkspacePermitGranted>().RequestId });
        // Nothing waits: nothing is asked for.
        budget.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // A burst bigger than a batch (the first of it is asked for alone): a batch at a time.
        Acquire(client, 3, 25);
        var lead = budget.ExpectMsg<RequestWorkspacePermits>();
        Assert.Equal(1, lead.Wanted);
        Grant(client, lead, 1);
        ExpectMsg<WorkspacePermitGranted>();
        var burst = budget.ExpectMsg<RequestWorkspacePermits>();
        Assert.Equal(Batch, burst.Wanted);
        Grant(client, burst, Batch);
        ReceiveN(Batch);
        Assert.Equal(Batch, budget.ExpectMsg<RequestWorkspacePermits>().Wanted);
    }

    [Fact]
    public void Without_an_answer_it_spends_its_static_share_and_no_more()
    {
        var (client, budget) = Start();
        Acquire(client, 0, 40);
        // The first request found nobody else waiting; the other 39 queue behind its ask, which the budget never answers.
        Assert.Equal(1, budget.ExpectMsg<RequestWorkspacePermits>().Wanted);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Clock.Advance(FallbackAfter);

        // The static share of four expected nodes: 100/s / 4 = 25 in this second.
        var granted = ReceiveWhile(TimeSpan.FromMilliseconds(500), m => m as WorkspacePermitGranted);
        Assert.Equal(Limits.StaticShare().PerSecond, granted.Count);
        client.Tell(GetPermitClientStatus.Instance);
        var status = ExpectMsg<PermitClientStatus>();
        Assert.True(status.OnStaticShare);
        Assert.Equal(40 - granted.Count, status.Waiting);
    }
}
