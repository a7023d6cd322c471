using Akka.Actor;
using Akka.Event;
using ColdEmail.Pipeline.Campaigns;

namespace ColdEmail.Pipeline.Performance;

/// <summary>
/// Captures campaign performance on a periodic timer (the Akka scheduler, virtual in tests) and on
/// demand. One capture at a time: a tick while one runs is dropped, the next tick catches up.
/// </summary>
public sealed class PerformanceActor : ReceiveActor, IWithTimers
{
    private const string TimerKey = "capture";
    // Self-messages (timer, PipeTo) never leave this actor, so they are exempt from serialization checks.
    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }
    private sealed record Captured(PerformanceSnapshot Snapshot, IActorRef? ReplyTo) : INoSerializationVerificationNeeded;
    private sealed record CaptureFailed(Exception Error, IActorRef? ReplyTo) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CampaignPerformanceTracker _tracker;
    private PerformanceOptions _options;
    private IReadOnlyList<ConfiguredCampaign> _campaigns;
    private bool _running;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CampaignPerformanceTracker tracker, PerformanceOptions options, IReadOnlyList<ConfiguredCampaign> campaigns) =>
        Akka.Actor.Props.Create(() => new PerformanceActor(tracker, options, campaigns));

    public PerformanceActor(CampaignPerformanceTracker tracker, PerformanceOptions options, IReadOnlyList<ConfiguredCampaign> campaigns)
    {
        options.Validate();
        _tracker = tracker;
        _options = options;
        _campaigns = campaigns;

        Receive<Tick>(_ => Start(null));
        Receive<CapturePerformance>(_ => Start(Sender));
        Receive<Captured>(m =>
        {
            _running = false;
            if (!m.Snapshot.Succeeded)
                _log.Warning("Performance capture for {0} wrote {1} rows; failures: {2}", m.Snapshot.Date, m.Snapshot.RowsWritten, string.Join("; ", m.Snapshot.Failures));
            m.ReplyTo?.Tell(m.Snapshot);
        });
        Receive<CaptureFailed>(m =>
        {
            _running = false;
            _log.Error(m.Error, "Performance capture failed");
            m.ReplyTo?.Tell(new Status.Failure(m.Error));
        });
        Receive<ApplyPerformanceSettings>(m =>
        {
            m.Options.Validate();
            _options = m.Options;
            _campaigns = m.Campaigns;
            Schedule();
        });
    }

    protected override void PreStart() => Schedule();

    private void Schedule()
    {
        if (_options.Enabled) Timers.StartPeriodicTimer(TimerKey, Tick.Instance, _options.Interval);
        else Timers.Cancel(TimerKey);
    }

    private void Start(IActorRef? replyTo)
    {
        if (_running)
        {
            replyTo?.Tell(new Status.Failure(new InvalidOperationException("a performance capture is already running")));
            return;
        }
        _running = true;
        var campaigns = _campaigns;
        _tracker.CaptureAsync(campaigns).PipeTo(Self,
            success: s => new Captured(s, replyTo),
            failure: e => new CaptureFailed(e, replyTo));
    }
}
