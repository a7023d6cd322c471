using Akka.Actor;
using Akka.Event;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// The workspace-wide token bucket. Permits are spaced evenly by an adaptive delay; a sliding
/// one-minute window enforces the per-minute ceiling. Time comes from the Akka scheduler, so tests
/// drive it with the TestKit's virtual clock.
/// </summary>
public sealed class RateLimiterActor : ReceiveActor
{
    private const int CatchUpPermits = 5;

    // A timer message to itself: never leaves this actor.
    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(IActorRef ReplyTo, long RequestId)> _waiting = new();
    private readonly Queue<DateTimeOffset> _lastMinute = new();
    private readonly Queue<DateTimeOffset> _lastSecond = new();
    private RateLimiterOptions _options;
    private TimeSpan _delay;
    private TimeSpan _learnedFloor;
    private DateTimeOffset _nextAt = DateTimeOffset.MinValue;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSlowdownAt = DateTimeOffset.MinValue;
    private int _successStreak;
    private int _successesSinceRateLimited;
    private long _granted;
    private long _rateLimited;
    private ICancelable? _tick;
    private DateTimeOffset _tickAt;

    public RateLimiterActor(RateLimiterOptions options)
    {
        options.Validate();
        _options = options;
        _learnedFloor = options.EffectiveMinDelay;
        _delay = Clamp(options.InitialDelay ?? options.EffectiveMinDelay);

        Receive<AcquirePermit>(m =>
        {
            _waiting.Enqueue((Sender, m.RequestId));
            GrantDue();
        });
        Receive<Tick>(_ =>
        {
            _tick = null;
            GrantDue();
        });
        Receive<ReportOutcome>(OnOutcome);
        Receive<ApplyRateLimiterOptions>(m => Apply(m.Options));
        Receive<GetRateLimiterStatus>(_ => Sender.Tell(new RateLimiterStatus(
            _delay, _learnedFloor, _waiting.Count, _granted,
            _pausedUntil > Now ? _pausedUntil : null, _rateLimited)));
    }

    public static Props Props(RateLimiterOptions options) => Akka.Actor.Props.Create(() => new RateLimiterActor(options));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private TimeSpan Floor => _learnedFloor > _options.EffectiveMinDelay ? _learnedFloor : _options.EffectiveMinDelay;

    private TimeSpan Clamp(TimeSpan delay)
    {
        var floor = Floor;
        if (delay < floor) return floor;
        return delay > _options.MaxDelay ? _options.MaxDelay : delay;
    }

    private void GrantDue()
    {
        var now = Now;
        while (_waiting.Count > 0)
        {
            if (!_options.Enabled)
            {
                Grant(now);
                continue;
            }
            var earliest = Max(Max(_nextAt, _pausedUntil, MinuteGate(now)), SecondGate(now), DateTimeOffset.MinValue);
            if (earliest > now)
            {
                ScheduleTick(earliest - now);
                return;
            }
            Grant(now);
            // A late timer (the scheduler ticks coarsely, and later under load) leaves us behind schedule:
            // catch up a few permits so the average pace holds, never more, so an idle spell does not
            // become a burst; the sliding one-second window above keeps even a catch-up within the ceiling.
            var start = _nextAt < now - _delay * CatchUpPermits ? now : _nextAt;
            _nextAt = start + _delay;
        }
    }

    private void Grant(DateTimeOffset now)
    {
        var (replyTo, requestId) = _waiting.Dequeue();
        _granted++;
        if (_options.RequestsPerMinute > 0) _lastMinute.Enqueue(now);
        if (_options.RequestsPerSecond > 0) _lastSecond.Enqueue(now);
        replyTo.Tell(new PermitGranted(requestId, now));
    }

    private DateTimeOffset MinuteGate(DateTimeOffset now)
    {
        if (_options.RequestsPerMinute <= 0) return DateTimeOffset.MinValue;
        var windowStart = now - TimeSpan.FromMinutes(1);
        while (_lastMinute.Count > 0 && _lastMinute.Peek() <= windowStart) _lastMinute.Dequeue();
        while (_lastMinute.Count > _options.RequestsPerMinute) _lastMinute.Dequeue();
        return _lastMinute.Count >= _options.RequestsPerMinute ? _lastMinute.Peek() + TimeSpan.FromMinutes(1) : DateTimeOffset.MinValue;
    }

    private DateTimeOffset SecondGate(DateTimeOffset now)
    {
        if (_options.RequestsPerSecond <= 0) return DateTimeOffset.MinValue;
        var windowStart = now - TimeSpan.FromSeconds(1);
        while (_lastSecond.Count > 0 && _lastSecond.Peek() <= windowStart) _lastSecond.Dequeue();
        // The server counts arrivals, which network jitter bunches up: keep a little headroom in our window.
        var cap = Math.Max(1, (int)Math.Floor(_options.RequestsPerSecond * _options.WindowHeadroom));
        while (_lastSecond.Count > cap) _lastSecond.Dequeue();
        return _lastSecond.Count >= cap ? _lastSecond.Peek() + TimeSpan.FromSeconds(1) : DateTimeOffset.MinValue;
    }

    private void ScheduleTick(TimeSpan after)
    {
        var at = Now + after;
        if (_tick is not null && _tickAt <= at) return;
        _tick?.Cancel();
        _tickAt = at;
        _tick = Context.System.Scheduler.ScheduleTellOnceCancelable(after, Self, Tick.Instance, Self);
    }

    private void OnOutcome(ReportOutcome m)
    {
        var now = Now;
        switch (m.Kind)
        {
            case CallOutcomeKind.Success:
            case CallOutcomeKind.ClientError:
                OnSuccess();
                break;
            case CallOutcomeKind.RateLimited:
                _rateLimited++;
                _successStreak = 0;
                _successesSinceRateLimited = 0;
                if (m.RetryAfter is { } wait && now + wait > _pausedUntil) _pausedUntil = now + wait;
                if (m.GrantedAt >= _lastSlowdownAt)
                {
                    // The pace that drew a 429 is too fast for this workspace: remember it as a floor
                    // (slightly above), so speeding up again stops short of it.
                    var learned = TimeSpan.FromTicks((long)(_delay.Ticks * 1.03));
                    if (learned > _learnedFloor) _learnedFloor = learned > _options.MaxDelay ? _options.MaxDelay : learned;
                    SlowDown(_options.RateLimitedFactor, now, "429");
                }
                break;
            case CallOutcomeKind.ServiceFailure:
                _successStreak = 0;
                if (m.GrantedAt >= _lastSlowdownAt) SlowDown(_options.ServerErrorFactor, now, "server error");
                break;
        }
        GrantDue();
    }

    private void OnSuccess()
    {
        _successStreak++;
        _successesSinceRateLimited++;
        // A learned floor decays slowly: the 429 may have come from another consumer of the workspace.
        if (_successesSinceRateLimited >= 1_000 && _learnedFloor > _options.EffectiveMinDelay)
        {
            _successesSinceRateLimited = 0;
            var decayed = TimeSpan.FromTicks((long)(_learnedFloor.Ticks * 0.98));
            _learnedFloor = decayed < _options.EffectiveMinDelay ? _options.EffectiveMinDelay : decayed;
        }
        if (_successStreak < _options.SuccessStreak) return;
        _successStreak = 0;
        _delay = Clamp(TimeSpan.FromTicks((long)(_delay.Ticks * _options.SpeedUpFactor)));
    }

    private void SlowDown(double factor, DateTimeOffset now, string why)
    {
        var before = _delay;
        var grown = TimeSpan.FromTicks((long)(Math.Max(_delay.Ticks, TimeSpan.FromMilliseconds(1).Ticks) * factor));
        _delay = Clamp(grown);
        _lastSlowdownAt = now;
        // The next permit waits for the new delay, counted from the last one granted.
        if (_nextAt > DateTimeOffset.MinValue) _nextAt += _delay - before;
        _log.Debug("Rate limiter slowed down after a {Cause}: delay {BeforeMs} ms -> {AfterMs} ms", why, before.TotalMilliseconds, _delay.TotalMilliseconds);
    }

    private void Apply(RateLimiterOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            _log.Warning("Rejected rate limiter settings: {Reason}", e.Message);
            return;
        }
        // Pacing at the old floor moves to the new one; a backed-off pace keeps its caution (within the new bounds).
        var atFloor = _delay <= Floor;
        _options = options;
        _learnedFloor = options.EffectiveMinDelay;
        _delay = Clamp(options.InitialDelay ?? (atFloor ? options.EffectiveMinDelay : _delay));
        _nextAt = DateTimeOffset.MinValue;
        _tick?.Cancel();
        _tick = null;
        _log.Info("Rate limiter settings applied: {PerSecond}/s, {PerMinute}/min, delay {DelayMs} ms", options.RequestsPerSecond, options.RequestsPerMinute, _delay.TotalMilliseconds);
        GrantDue();
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c)
    {
        var m = a > b ? a : b;
        return m > c ? m : c;
    }

    protected override void PostStop() => _tick?.Cancel();
}
