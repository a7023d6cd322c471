using Akka.Actor;
using Akka.Event;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// A count-window circuit breaker. Closed: every call passes and its outcome joins the window; when
/// the window is full and at least the threshold share failed, it opens. Open: callers are refused at
/// once (their work waits, nothing is sent). After the cool-down one probe goes out (half-open): a
/// healthy answer closes the circuit, a failure opens it again. 429s and 4xx are not failures.
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
    private readonly Queue<bool> _window = new();
    private CircuitBreakerOptions _options;
    private CircuitState _state = CircuitState.Closed;
    private bool _probeOut;
    private DateTimeOffset? _openUntil;

    public ITimerScheduler Timers { get; set; } = null!;

    public CircuitBreakerActor(CircuitBreakerOptions options)
    {
        options.Validate();
        _options = options;

        Receive<RequestPass>(OnRequestPass);
        Receive<RecordCallOutcome>(OnOutcome);
        Receive<CoolDownElapsed>(_ =>
        {
            if (_state != CircuitState.Open) return;
            _probeOut = false;
            _openUntil = null;
            Transition(CircuitState.HalfOpen, "cool-down elapsed; probing");
        });
        Receive<ApplyCircuitBreakerOptions>(m =>
        {
            try
            {
                m.Options.Validate();
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected circuit breaker settings: {Reason}", e.Message);
                return;
            }
            _options = m.Options;
            while (_window.Count > _options.WindowSize) _window.Dequeue();
        });
        Receive<GetCircuitStatus>(_ => Sender.Tell(new CircuitStatus(_state, _window.Count(f => f), _window.Count, _openUntil)));
    }

    public static Props Props(CircuitBreakerOptions options) => Akka.Actor.Props.Create(() => new CircuitBreakerActor(options));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnRequestPass(RequestPass m)
    {
        switch (_state)
        {
            case CircuitState.Closed:
                Sender.Tell(new PassGranted(m.RequestId, false));
                break;
            case CircuitState.HalfOpen when !_probeOut:
                _probeOut = true;
                Sender.Tell(new PassGranted(m.RequestId, true));
                break;
            case CircuitState.HalfOpen:
                Sender.Tell(new PassRefused(m.RequestId, _options.HalfOpenRetryAfter));
                break;
            default:
                var wait = _openUntil is { } until && until > Now ? until - Now : _options.HalfOpenRetryAfter;
                Sender.Tell(new PassRefused(m.RequestId, wait));
                break;
        }
    }

    private void OnOutcome(RecordCallOutcome m)
    {
        if (m.Kind == CallOutcomeKind.RateLimited)
        {
            // A 429 probe says nothing about health: let another probe try.
            if (m.IsProbe) _probeOut = false;
            return;
        }
        var failed = m.Kind == CallOutcomeKind.ServiceFailure;
        if (m.IsProbe)
        {
            if (_state != CircuitState.HalfOpen) return;
            if (failed) Open("the half-open probe failed");
            else
            {
                _window.Clear();
                _probeOut = false;
                Transition(CircuitState.Closed, "the half-open probe succeeded");
            }
            return;
        }
        // Answers to calls sent before the circuit opened do not count twice against the service.
        if (_state != CircuitState.Closed) return;
        _window.Enqueue(failed);
        while (_window.Count > _options.WindowSize) _window.Dequeue();
        if (_window.Count < _options.WindowSize) return;
        var failures = _window.Count(f => f);
        if (failures >= _options.FailureRateThreshold * _options.WindowSize - 1e-9)
            Open($"{failures} of the last {_window.Count} calls failed");
    }

    private void Open(string reason)
    {
        _probeOut = false;
        _openUntil = Now + _options.CoolDown;
        Timers.StartSingleTimer(CoolDownTimer, CoolDownElapsed.Instance, _options.CoolDown);
        Transition(CircuitState.Open, reason);
    }

    private void Transition(CircuitState to, string reason)
    {
        var from = _state;
        _state = to;
        if (to == CircuitState.Open) _log.Warning("Instantly circuit opened: {Reason}", reason);
        else if (to == CircuitState.Closed) _log.Info("Instantly circuit closed: {Reason}", reason);
        Context.System.EventStream.Publish(new CircuitBreakerStateChanged(from, to, reason, Now));
    }
}
