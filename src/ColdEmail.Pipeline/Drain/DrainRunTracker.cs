using Akka.Actor;
using Akka.Event;
using ColdEmail.Pipeline.Runs;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// One drain run: asks the coordinator for the pass and waits for its summary, asking again with the same run id every
/// <see cref="ReaskEvery"/> and at once when a cluster member is removed or exits. Why: in a cluster the coordinator is a
/// singleton; an ask that reached it just before its node died is lost with that node, and the coordinator that the next
/// oldest node starts (recovering the drain journal) would never hear of this run, which would wait for its deadline. The
/// run id makes a repeat harmless (<see cref="DrainAskers"/>). On one node the same repeat reaches a coordinator that its
/// supervisor restarted after a crash.
/// </summary>
public sealed class DrainRunTracker : ReceiveActor, IWithTimers
{
    /// <summary>Often enough that a moved coordinator resumes the run within seconds; a repeat is one tiny message it drops.</summary>
    public static readonly TimeSpan ReaskEvery = TimeSpan.FromSeconds(5);

    private sealed record Reask : INoSerializationVerificationNeeded
    {
        public static readonly Reask Instance = new();
    }

    private sealed record DeadlinePassed : INoSerializationVerificationNeeded
    {
        public static readonly DeadlinePassed Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StartDrainRun _run;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _replyTo;
    private readonly TimeSpan _reaskEvery;
    private readonly bool _clustered;

    public ITimerScheduler Timers { get; set; } = null!;

    public DrainRunTracker(StartDrainRun run, IActorRef coordinator, IActorRef replyTo, TimeSpan reaskEvery)
    {
        _run = run;
        _coordinator = coordinator;
        _replyTo = replyTo;
        _reaskEvery = reaskEvery;
        _clustered = ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.ClusterActorRefProvider;

        Receive<DrainRunSummary>(summary =>
        {
            // A repeat's answer may follow the first one, which already ended this actor; another run's summary is not ours.
            if (summary.RunId != _run.RunId) return;
            _replyTo.Tell(summary);
            Context.Stop(Self);
        });
        Receive<Reask>(_ => Ask());
        Receive<ClusterEvent.MemberRemoved>(m => AskAgainAfterMemberLeft(m.Member));
        Receive<ClusterEvent.MemberExited>(m => AskAgainAfterMemberLeft(m.Member));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<DeadlinePassed>(_ =>
        {
            // Stamped on the scheduler's clock: the deadline passed exactly this long after the start.
            _replyTo.Tell(new DrainRunSummary(_run.RunId, _run.Started, _run.Started + _run.Deadline, 0, 0, 0, 0, 0, 0,
                new Dictionary<string, int>(), [$"no answer within {_run.Deadline}"]));
            Context.Stop(Self);
        });
    }

    public static Props Props(StartDrainRun run, IActorRef coordinator, IActorRef replyTo, TimeSpan? reaskEvery = null) =>
        Akka.Actor.Props.Create(() => new DrainRunTracker(run, coordinator, replyTo, reaskEvery ?? ReaskEvery));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Reask), Reask.Instance, _reaskEvery);
        Timers.StartSingleTimer(nameof(DeadlinePassed), DeadlinePassed.Instance, _run.Deadline);
        if (_clustered)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberExited));
        Ask();
    }

    protected override void PostStop()
    {
        if (_clustered) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void AskAgainAfterMemberLeft(Akka.Cluster.Member member)
    {
        _log.Info("Drain run {RunId}: member {Member} left the cluster; asking the drain coordinator for the run again", _run.RunId, member.Address);
        Ask();
    }

    private void Ask() => _coordinator.Tell(new DrainOnce(_run.RunId));
}
