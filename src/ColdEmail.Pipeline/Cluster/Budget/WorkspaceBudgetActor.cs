using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ColdEmail.Domain.Budget;

namespace ColdEmail.Pipeline.Cluster.Budget;

/// <summary>
/// The cluster singleton holding Instantly's workspace budget (<see cref="WorkspaceBudget"/>): it grants short permit leases to
/// every node's <see cref="WorkspacePermitClient"/>; the HTTP calls and their payloads stay on the nodes. It sets aside the static
/// share of every member it cannot reach (that node spends on its own), and pauses every grant while any node reports an open
/// breaker or a 429. A new instance (first start or hand-over) starts with its windows full: its predecessor's grants are unknown.
/// </summary>
public sealed class WorkspaceBudgetActor : ReceiveActor
{
    public const string SingletonName = "workspace-budget";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly DateTimeOffset _startedAt;
    private WorkspaceBudget _budget;
    private DateTimeOffset? _pausedUntil;
    private string? _pauseReason;

    // The unreachable members as the events told them, not Cluster.State: that view is updated by another actor, so an
    // UnreachableMember event could arrive before it, and the share was then never set aside (no later event recounts).
    private readonly Dictionary<UniqueAddress, Member> _unreachable = new();

    public WorkspaceBudgetActor(BudgetLimits limits)
    {
        _startedAt = Now;
        _budget = WorkspaceBudget.AfterHandOver(limits, _startedAt);
        Receive<RequestWorkspacePermits>(Grant);
        Receive<ReportWorkspacePause>(m =>
        {
            if (_pausedUntil is { } until && until >= m.Until) return;
            _pausedUntil = m.Until;
            _pauseReason = m.Reason;
            _log.Warning("Workspace paused until {Until} by node {Node}: {Reason}", m.Until, m.Node, m.Reason);
        });
        Receive<GetWorkspaceBudgetStatus>(_ => Sender.Tell(new WorkspaceBudgetStatus(
            _cluster.SelfAddress.ToString(), _startedAt, _budget.GrantsPerNode(Now), _budget.UnreachableNodes, ActivePause, ActivePause is null ? null : _pauseReason)));
        Receive<ClusterEvent.CurrentClusterState>(s =>
        {
            _unreachable.Clear();
            foreach (var m in s.Unreachable) _unreachable[m.UniqueAddress] = m;
            CountUnreachable();
        });
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            _unreachable[e.Member.UniqueAddress] = e.Member;
            CountUnreachable();
        });
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            _unreachable.Remove(e.Member.UniqueAddress);
            CountUnreachable();
        });
        Receive<ClusterEvent.IMemberEvent>(e =>
        {
            // A member's later status (downed, leaving) replaces the one it had when it became unreachable.
            if (!_unreachable.ContainsKey(e.Member.UniqueAddress)) return;
            if (e is ClusterEvent.MemberRemoved) _unreachable.Remove(e.Member.UniqueAddress);
            else _unreachable[e.Member.UniqueAddress] = e.Member;
            CountUnreachable();
        });
    }

    public static Props Props(BudgetLimits limits) => Akka.Actor.Props.Create(() => new WorkspaceBudgetActor(limits.Validate()));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private DateTimeOffset? ActivePause => _pausedUntil is { } until && until > Now ? until : null;

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.IMemberEvent));
        _log.Info("Workspace budget started on {Address}; it grants nothing for its first window", _cluster.SelfAddress);
        Context.System.EventStream.Publish(new WorkspaceBudgetLifecycle(_cluster.SelfAddress.ToString(), true, _startedAt));
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Publish(new WorkspaceBudgetLifecycle(_cluster.SelfAddress.ToString(), false, Now));
    }

    private void Grant(RequestWorkspacePermits m)
    {
        var now = Now;
        if (ActivePause is { } until)
        {
            Sender.Tell(new WorkspacePermits(m.Node, 0, now, until - now, until, m.Sequence));
            return;
        }
        (_budget, var grant) = _budget.Decide(new PermitRequest(m.Node, m.Wanted), now);
        Sender.Tell(new WorkspacePermits(m.Node, grant.Granted, grant.ValidUntil, grant.RetryAfter, null, m.Sequence));
    }

    /// <summary>Only members still in the cluster count: a downed and removed node has stopped spending.</summary>
    private void CountUnreachable()
    {
        var unreachable = _unreachable.Values.Count(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp or MemberStatus.Joining or MemberStatus.Leaving);
        if (unreachable == _budget.UnreachableNodes) return;
        _log.Warning("Workspace budget sets aside the static share of {Unreachable} unreachable node(s)", unreachable);
        _budget = _budget.WithUnreachable(unreachable);
    }
}
