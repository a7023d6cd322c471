using Akka.Actor;
using Akka.Event;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// Executes the breaker over Instantly (<see cref="CircuitBreakerPolicy"/>, which decides): it answers passes, feeds
/// outcomes to the policy, runs the cool-down timer the policy's opening asks for, and publishes every state change
/// on the EventStream (notifications, the status page and, in a cluster, the node's permit client, which pauses the
/// whole workspace's budget while a breaker is open).
/// </summary>
public sealed class CircuitBreakerActor : ReceiveActor, IWithTimers
{
    // A timer message to itself: never leaves this actor.
    private sealed record CoolDownElapsed : INoSerializationVerificationNeeded
    {
        public static readonly CoolDownElapsed Instance = new();
    }

    private const string CoolDownTimer = "cool-down";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CircuitBreakerPolicy _policy;

    public ITimerScheduler Timers { get; set; } = null!;

    public CircuitBreakerActor(CircuitBreakerOptions options)
    {
        _policy = CircuitBreakerPolicy.Start(options);

        Receive<RequestPass>(m =>
        {
            (_policy, var decision) = _policy.RequestPass(Now);
            Sender.Tell(decision.Passes ? new PassGranted(m.RequestId, decision.IsProbe) : new PassRefused(m.RequestId, decision.RetryAfter));
        });
        Receive<RecordCallOutcome>(m => Announce(_policy.Record(m.Kind, m.IsProbe, Now)));
        Receive<CoolDownElapsed>(_ => Announce(_policy.CoolDownElapsed()));
        Receive<ApplyCircuitBreakerOptions>(m =>
        {
            try
            {
                _policy = _policy.Apply(m.Options);
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected circuit breaker settings: {Reason}", e.Message);
            }
        });
        Receive<GetCircuitStatus>(_ => Sender.Tell(new CircuitStatus(_policy.State, _policy.Failures, _policy.Samples, _policy.OpenUntil)));
    }

    public static Props Props(CircuitBreakerOptions options) => Akka.Actor.Props.Create(() => new CircuitBreakerActor(options));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void Announce((CircuitBreakerPolicy Next, CircuitTransition? Transition) step)
    {
        _policy = step.Next;
        if (step.Transition is not { } t) return;
        if (t.To == CircuitState.Open)
        {
            Timers.StartSingleTimer(CoolDownTimer, CoolDownElapsed.Instance, _policy.Options.CoolDown);
            _log.Warning("Instantly circuit opened: {Reason}", t.Reason);
        }
        else if (t.To == CircuitState.Closed) _log.Info("Instantly circuit closed: {Reason}", t.Reason);
        Context.System.EventStream.Publish(new CircuitBreakerStateChanged(t.From, t.To, t.Reason, Now));
    }
}
