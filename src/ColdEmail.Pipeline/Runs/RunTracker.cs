using Akka.Actor;
using Akka.Event;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ColdEmail.Pipeline.Runs;

/// <summary>
/// A run that waits for answers from actors that may die with their node: asks what is still silent again every
/// <c>reaskEvery</c> and at once when a cluster member is removed or exits, and gives up at the deadline. Why: in a cluster
/// an ask that reached an actor whose node then died is lost with that node; sharding or the singleton manager starts the
/// actor again elsewhere, but nothing would ask it for this run again, and the run would wait for its deadline. The run id
/// the subclass sends makes a repeat harmless (the receiver joins the run in progress or answers the one it finished).
/// On one node the same repeat reaches an actor that its backoff supervisor restarted after a crash.
/// </summary>
public abstract class RunTracker : ReceiveActor, IWithTimers
{
    private sealed record Reask : INoSerializationVerificationNeeded
    {
        public static readonly Reask Instance = new();
    }

    private sealed record DeadlinePassed : INoSerializationVerificationNeeded
    {
        public static readonly DeadlinePassed Instance = new();
    }

    private readonly TimeSpan _reaskEvery;
    private readonly TimeSpan _deadline;
    private readonly bool _clustered;

    protected ILoggingAdapter Log { get; } = Context.GetLogger();

    public ITimerScheduler Timers { get; set; } = null!;

    protected RunTracker(TimeSpan reaskEvery, TimeSpan deadline)
    {
        _reaskEvery = reaskEvery;
        _deadline = deadline;
        _clustered = ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.ClusterActorRefProvider;
        Receive<Reask>(_ => AskAgain());
        Receive<ClusterEvent.MemberRemoved>(m => MemberLeft(m.Member));
        Receive<ClusterEvent.MemberExited>(m => MemberLeft(m.Member));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<DeadlinePassed>(_ => Deadline());
    }

    /// <summary>Asks every actor that has not answered yet, with the run id.</summary>
    protected abstract void AskAgain();

    /// <summary>A member left: the actors it hosted start elsewhere, so whatever is still silent is asked again now.</summary>
    protected abstract void MemberLeft(Akka.Cluster.Member member);

    /// <summary>The deadline passed: answer the caller with what is known, the silent ones failed, and stop.</summary>
    protected abstract void Deadline();

    /// <summary>Starts the timers and the membership subscription; a subclass sends its first asks after this.</summary>
    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Reask), Reask.Instance, _reaskEvery);
        Timers.StartSingleTimer(nameof(DeadlinePassed), DeadlinePassed.Instance, _deadline);
        if (_clustered)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberExited));
    }

    protected override void PostStop()
    {
        if (_clustered) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }
}
