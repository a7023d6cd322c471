using Akka.Actor;
using Akka.Event;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// Executes the workspace-wide pacing (<see cref="RateLimitPolicy"/>, which decides): it queues the callers, asks the
/// policy for a permit at the scheduler's time, replies to whoever's turn it is and sets a timer for the next one.
/// Time comes from the Akka scheduler, so tests drive it with the TestKit's virtual clock.
/// </summary>
public sealed class RateLimiterActor : ReceiveActor
{
    // A timer message to itself: never leaves this actor.
    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(IActorRef ReplyTo, long RequestId)> _waiting = new();
    private RateLimitPolicy _policy;
    private ICancelable? _tick;
    private DateTimeOffset _tickAt;

    public RateLimiterActor(RateLimiterOptions options)
    {
        _policy = RateLimitPolicy.Start(options);

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
            _policy.Delay, _policy.LearnedFloor, _waiting.Count, _policy.Granted, _policy.PausedAt(Now), _policy.RateLimitedCount)));
    }

    public static Props Props(RateLimiterOptions options) => Akka.Actor.Props.Create(() => new RateLimiterActor(options));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void GrantDue()
    {
        var now = Now;
        while (_waiting.Count > 0)
        {
            (_policy, var decision) = _policy.TryGrant(now);
            if (!decision.IsGranted)
            {
                ScheduleTick(decision.At - now);
                return;
            }
            var (replyTo, requestId) = _waiting.Dequeue();
            replyTo.Tell(new PermitGranted(requestId, now));
        }
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
        var before = _policy.Delay;
        _policy = _policy.Observe(m.Kind, m.GrantedAt, m.RetryAfter, Now);
        if (_policy.Delay > before)
            _log.Debug("Rate limiter slowed down after a {Cause}: delay {BeforeMs} ms -> {AfterMs} ms", m.Kind, before.TotalMilliseconds, _policy.Delay.TotalMilliseconds);
        GrantDue();
    }

    private void Apply(RateLimiterOptions options)
    {
        try
        {
            _policy = _policy.Apply(options);
        }
        catch (ArgumentException e)
        {
            _log.Warning("Rejected rate limiter settings: {Reason}", e.Message);
            return;
        }
        _tick?.Cancel();
        _tick = null;
        _log.Info("Rate limiter settings applied: {PerSecond}/s, {PerMinute}/min, delay {DelayMs} ms", options.RequestsPerSecond, options.RequestsPerMinute, _policy.Delay.TotalMilliseconds);
        GrantDue();
    }

    protected override void PostStop() => _tick?.Cancel();
}
