using Akka.Actor;
using Akka.Event;

namespace ColdEmail.Pipeline.Schedule;

/// <summary>
/// The daemon's clock as an actor: one Akka timer per run kind (sync every sync-interval; drain and orphan scan every
/// drain-interval). A kind never overlaps itself: its next timer is armed when its run ends, for the rest of the interval
/// counted from the run's start. Timers follow the actor system's scheduler, so specs drive it with the TestKit scheduler,
/// and in a cluster the one schedule lives wherever this actor is placed (a singleton).
/// </summary>
public sealed class ScheduleActor : ReceiveActor, IWithTimers
{
    // Self-messages only (timers, PipeTo): they never leave this actor.
    private sealed record Due(ScheduledRunKind Kind) : INoSerializationVerificationNeeded;
    private sealed record Finished(ScheduledRunKind Kind, bool Succeeded, bool CutOff, Exception? Error) : INoSerializationVerificationNeeded;
    private sealed record SettleElapsed : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IScheduledRuns _runs;
    private readonly Dictionary<ScheduledRunKind, DateTimeOffset> _lastStart = [];
    private readonly Dictionary<ScheduledRunKind, CancellationTokenSource> _running = [];
    private readonly Dictionary<ScheduledRunKind, int> _completed = [];
    private readonly DateTimeOffset _started;
    private ScheduleOptions _options;
    private int _failures;
    private int _cutOff;
    private IActorRef? _stopRequester;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="startedAt">
    /// When the owner started the schedule, on the actor system's scheduler. The first intervals count from it rather than from
    /// this constructor, which runs whenever the dispatcher gets to the child's creation: a busy node must not push every
    /// first run back by its own lag (and a live interval applied meanwhile must find the run overdue).
    /// </param>
    public ScheduleActor(ScheduleOptions options, IScheduledRuns runs, DateTimeOffset startedAt)
    {
        options.Validate();
        _options = options;
        _runs = runs;
        _started = startedAt;

        Receive<Due>(m => Start(m.Kind));
        Receive<Finished>(OnFinished);
        Receive<ApplySchedule>(m =>
        {
            try
            {
                m.Options.Validate();
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected schedule settings, keeping the running ones: {Reason}", e.Message);
                return;
            }
            _options = m.Options;
            foreach (var kind in Enum.GetValues<ScheduledRunKind>().Where(k => !_running.ContainsKey(k))) Arm(kind);
        });
        Receive<GetScheduleStatus>(_ => Sender.Tell(new ScheduleStatus(new Dictionary<ScheduledRunKind, int>(_completed), _failures, _running.Keys.ToList())));
        Receive<StopSchedule>(m =>
        {
            Timers.CancelAll();
            _stopRequester = Sender;
            Become(Stopping);
            if (_running.Count == 0) ReplyStopped();
            // A stop request must not cut a batch in half: runs get the settle time, then their token is cancelled.
            else Timers.StartSingleTimer(nameof(SettleElapsed), new SettleElapsed(), m.Settle);
        });
    }

    public static Props Props(ScheduleOptions options, IScheduledRuns runs, DateTimeOffset startedAt) =>
        Akka.Actor.Props.Create(() => new ScheduleActor(options, runs, startedAt));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        foreach (var kind in Enum.GetValues<ScheduledRunKind>())
        {
            if (_options.RunOnStart) Self.Tell(new Due(kind));
            else Arm(kind);
        }
    }

    private void Arm(ScheduledRunKind kind)
    {
        var from = _lastStart.TryGetValue(kind, out var last) ? last : _started;
        var wait = from + _options.IntervalOf(kind) - Now;
        if (wait > TimeSpan.Zero)
        {
            Timers.StartSingleTimer(kind, new Due(kind), wait);
            return;
        }
        // Overdue (a long run, or a shorter interval applied live): run now rather than on the scheduler's next tick.
        Timers.Cancel(kind);
        Self.Tell(new Due(kind));
    }

    private void Start(ScheduledRunKind kind)
    {
        if (_running.ContainsKey(kind)) return;
        var cancel = new CancellationTokenSource();
        _running[kind] = cancel;
        _lastStart[kind] = Now;
        _runs.RunAsync(kind, cancel.Token).PipeTo(Self,
            success: ok => new Finished(kind, ok, false, null),
            failure: e => new Finished(kind, false, cancel.IsCancellationRequested && e is OperationCanceledException, e));
    }

    private void OnFinished(Finished m)
    {
        Record(m);
        Arm(m.Kind);
    }

    private void Record(Finished m)
    {
        if (_running.Remove(m.Kind, out var cancel)) cancel.Dispose();
        _completed[m.Kind] = _completed.GetValueOrDefault(m.Kind) + 1;
        if (m.CutOff)
        {
            _cutOff++;
            _log.Warning("The {Kind} run did not settle in time after the stop request (coldemail.shutdown-timeout); its open batches stay claimed for recovery", m.Kind);
        }
        else if (!m.Succeeded)
        {
            _failures++;
            if (m.Error is not null) _log.Error(m.Error, "The scheduled {Kind} run failed; the next one runs on schedule", m.Kind);
        }
    }

    private void Stopping(object message)
    {
        switch (message)
        {
            case Finished m:
                Record(m);
                if (_running.Count == 0) ReplyStopped();
                break;
            case SettleElapsed:
                foreach (var cancel in _running.Values) cancel.Cancel();
                break;
            case GetScheduleStatus:
                Sender.Tell(new ScheduleStatus(new Dictionary<ScheduledRunKind, int>(_completed), _failures, _running.Keys.ToList()));
                break;
            case StopSchedule:
                _stopRequester = Sender;
                if (_running.Count == 0) ReplyStopped();
                break;
        }
    }

    private void ReplyStopped()
    {
        Timers.CancelAll();
        _stopRequester?.Tell(new ScheduleStopped(_failures, _cutOff));
        // Stopped for good: its parent (the catalog) follows it, which completes a cluster singleton's hand-over.
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        foreach (var cancel in _running.Values) cancel.Cancel();
        base.PostStop();
    }
}
