using Akka.Actor;
using Akka.Cluster;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Budget;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Tests.Cluster;

/// <summary>
/// The budget singleton on a one-node cluster, told about reachability the way the cluster tells it: by events. The cluster's
/// own view (<c>Cluster.State</c>) is updated by another actor and may lag behind an event, so the budget must count what the
/// events say; here the view never learns of the unreachable member at all.
/// </summary>
public sealed class WorkspaceBudgetActorTests() : TestKit(ProtocolConfig.Hocon + """

    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    akka.loglevel = WARNING
    akka.test.timefactor = 3
    """)
{
    private static readonly BudgetLimits Limits = BudgetLimits.Instantly with { ExpectedNodes = 3 };

    [Fact]
    public async Task A_member_reported_unreachable_has_its_share_set_aside_until_it_is_reachable_downed_or_removed()
    {
        var cluster = Akka.Cluster.Cluster.Get(Sys);
        await cluster.JoinAsync(cluster.SelfAddress).WaitAsync(TimeSpan.FromSeconds(30));
        var budget = Sys.ActorOf(WorkspaceBudgetActor.Props(Limits));
        Assert.Equal(0, await UnreachableAsync(budget));
        // The budget subscribed before this probe did, so its initial snapshot is queued ahead of the events sent below.
        cluster.Subscribe(TestActor, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        ExpectMsg<ClusterEvent.CurrentClusterState>();

        var member = cluster.SelfMember;
        budget.Tell(new ClusterEvent.UnreachableMember(member));
        Assert.Equal(1, await UnreachableAsync(budget));
        Assert.Empty(cluster.State.Unreachable);

        budget.Tell(new ClusterEvent.ReachableMember(member));
        Assert.Equal(0, await UnreachableAsync(budget));

        // Unreachable again, then downed by the split-brain resolver: a downed node stops spending, so nothing is set aside.
        budget.Tell(new ClusterEvent.UnreachableMember(member));
        Assert.Equal(1, await UnreachableAsync(budget));
        budget.Tell(new ClusterEvent.MemberDowned(member.Copy(MemberStatus.Down)));
        Assert.Equal(0, await UnreachableAsync(budget));
        budget.Tell(new ClusterEvent.MemberRemoved(member.Copy(MemberStatus.Removed), MemberStatus.Down));
        Assert.Equal(0, await UnreachableAsync(budget));

        // A member that leaves while unreachable still spends until it is gone.
        budget.Tell(new ClusterEvent.UnreachableMember(member));
        budget.Tell(new ClusterEvent.MemberLeft(member.Copy(MemberStatus.Leaving)));
        Assert.Equal(1, await UnreachableAsync(budget));
        budget.Tell(new ClusterEvent.MemberRemoved(member.Copy(MemberStatus.Removed), MemberStatus.Leaving));
        Assert.Equal(0, await UnreachableAsync(budget));
    }

    private static async Task<int> UnreachableAsync(IActorRef budget) =>
        (await budget.Ask<WorkspaceBudgetStatus>(GetWorkspaceBudgetStatus.Instance, TimeSpan.FromSeconds(10))).UnreachableNodes;
}
