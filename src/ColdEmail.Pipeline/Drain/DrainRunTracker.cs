using Akka.Actor;
using Akka.Event;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// One drain run (<see cref="RunTracker"/>): asks the coordinator for the pass until it answers. In a cluster the coordinator
/// is a singleton; the one the next oldest node starts (recovering the drain journal) hears of this run only from a repeat.
/// The run id makes a repeat harmless (<see cref="DrainAskers"/>).
/// </summary>
public sealed class DrainRunTracker : RunTracker
{
    /// <summary>Often enough that a moved coordinator resumes the run within seconds; a repeat is one tiny message it drops.</summary>
    public static readonly TimeSpan ReaskEvery = TimeSpan.FromSeconds(5);

    private readonly StartDrainRun _run;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _replyTo;

    public DrainRunTracker(StartDrainRun run, IActorRef coordinator, IActorRef replyTo, TimeSpan reaskEvery) : base(reaskEvery, run.Deadline)
    {
        _run = run;
        _coordinator = coordinator;
        _replyTo = replyTo;
        Receive<DrainRunSummary>(summary =>
        {
            // Another run's summary is not ours (a repeat's late answer finds this actor gone).
            if (summary.RunId != _run.RunId) return;
            _replyTo.Tell(summary);
            Context.Stop(Self);
        });
    }

    public static Props Props(StartDrainRun run, IActorRef coordinator, IActorRef replyTo, TimeSpan? reaskEvery = null) =>
        Akka.Actor.Props.Create(() => new DrainRunTracker(run, coordinator, replyTo, reaskEvery ?? ReaskEvery));

    protected override void PreStart()
    {
        base.PreStart();
        AskAgain();
    }

    protected override void AskAgain() => _coordinator.Tell(new DrainOnce(_run.RunId));

    protected override void MemberLeft(Akka.Cluster.Member member)
    {
        Log.Info("Drain run {RunId}: member {Member} left the cluster; asking the drain coordinator for the run again", _run.RunId, member.Address);
        AskAgain();
    }

    protected override void Deadline()
    {
        // Stamped on the scheduler's clock: the deadline passed exactly this long after the start.
        _replyTo.Tell(new DrainRunSummary(_run.RunId, _run.Started, _run.Started + _run.Deadline, 0, 0, 0, 0, 0, 0,
            new Dictionary<string, int>(), [$"no answer within {_run.Deadline}"]));
        Context.Stop(Self);
    }
}
