using System.Collections.Immutable;

namespace ColdEmail.Domain.Throttling;

public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>May a request go out: yes (perhaps as the half-open probe), or not before <paramref name="RetryAfter"/>.</summary>
public readonly record struct PassDecision(bool Passes, bool IsProbe, TimeSpan RetryAfter)
{
    public static PassDecision Pass(bool isProbe) => new(true, isProbe, TimeSpan.Zero);

    public static PassDecision Refuse(TimeSpan retryAfter) => new(false, false, retryAfter);
}

/// <summary>The circuit changed state (to announce it; when it opened, the cool-down starts now).</summary>
public sealed record CircuitTransition(CircuitState From, CircuitState To, string Reason);

/// <summary>
/// A count-window circuit breaker as a pure decider. Closed: every call passes and its outcome joins the window; when
/// the window is full and at least the threshold share failed, it opens. Open: callers are refused (their work waits,
/// nothing is sent) until the cool-down has elapsed; then one probe goes out (half-open): a healthy answer closes the
/// circuit, a failure opens it again. Only a failure of the service counts (<see cref="CallOutcomeKind.ServiceFailure"/>):
/// a 4xx is a healthy answer, and a 429 says nothing about health (a 429 probe lets another probe try).
/// Time is a value passed in; the executor starts the cool-down timer when a transition opens the circuit.
/// </summary>
public sealed record CircuitBreakerPolicy
{
    private CircuitBreakerPolicy(CircuitBreakerOptions options) => Options = options;

    public CircuitBreakerOptions Options { get; private init; }

    public CircuitState State { get; private init; } = CircuitState.Closed;

    /// <summary>When the cool-down of an open circuit ends (null unless open).</summary>
    public DateTimeOffset? OpenUntil { get; private init; }

    /// <summary>The latest calls judged while closed, oldest first: true = failed.</summary>
    public ImmutableQueue<bool> Window { get; private init; } = [];

    public int Failures => Window.Count(f => f);

    public int Samples => Window.Count();

    private bool ProbeOut { get; init; }

    public static CircuitBreakerPolicy Start(CircuitBreakerOptions options)
    {
        options.Validate();
        return new CircuitBreakerPolicy(options);
    }

    /// <summary>Asks to send one request at <paramref name="now"/>; the half-open circuit lets exactly one probe out.</summary>
    public (CircuitBreakerPolicy Next, PassDecision Decision) RequestPass(DateTimeOffset now) => State switch
    {
        CircuitState.Closed => (this, PassDecision.Pass(false)),
        CircuitState.HalfOpen when !ProbeOut => (this with { ProbeOut = true }, PassDecision.Pass(true)),
        CircuitState.HalfOpen => (this, PassDecision.Refuse(Options.HalfOpenRetryAfter)),
        _ => (this, PassDecision.Refuse(OpenUntil is { } until && until > now ? until - now : Options.HalfOpenRetryAfter)),
    };

    /// <summary>How a call that was let through ended.</summary>
    public (CircuitBreakerPolicy Next, CircuitTransition? Transition) Record(CallOutcomeKind outcome, bool isProbe, DateTimeOffset now)
    {
        // A 429 probe says nothing about health: let another probe try.
        if (outcome == CallOutcomeKind.RateLimited) return (isProbe ? this with { ProbeOut = false } : this, null);
        var failed = outcome == CallOutcomeKind.ServiceFailure;
        if (isProbe)
        {
            if (State != CircuitState.HalfOpen) return (this, null);
            return failed
                ? Open("the half-open probe failed", now)
                : Move(this with { Window = [], ProbeOut = false }, CircuitState.Closed, "the half-open probe succeeded");
        }
        // Answers to calls sent before the circuit opened do not count twice against the service.
        if (State != CircuitState.Closed) return (this, null);
        var window = Window.Enqueue(failed);
        var samples = window.Count();
        while (samples > Options.WindowSize)
        {
            window = window.Dequeue();
            samples--;
        }
        var next = this with { Window = window };
        if (samples < Options.WindowSize) return (next, null);
        var failures = window.Count(f => f);
        return failures >= Options.FailureRateThreshold * Options.WindowSize - 1e-9
            ? next.Open($"{failures} of the last {samples} calls failed", now)
            : (next, null);
    }

    /// <summary>The cool-down elapsed: an open circuit lets one probe out.</summary>
    public (CircuitBreakerPolicy Next, CircuitTransition? Transition) CoolDownElapsed() =>
        State != CircuitState.Open
            ? (this, null)
            : Move(this with { ProbeOut = false, OpenUntil = null }, CircuitState.HalfOpen, "cool-down elapsed; probing");

    /// <summary>New options (live reload): the window keeps its latest calls, up to the new size.</summary>
    public CircuitBreakerPolicy Apply(CircuitBreakerOptions options)
    {
        options.Validate();
        var window = Window;
        for (var n = window.Count(); n > options.WindowSize; n--) window = window.Dequeue();
        return this with { Options = options, Window = window };
    }

    private (CircuitBreakerPolicy, CircuitTransition?) Open(string reason, DateTimeOffset now) =>
        Move(this with { ProbeOut = false, OpenUntil = now + Options.CoolDown }, CircuitState.Open, reason);

    private (CircuitBreakerPolicy, CircuitTransition?) Move(CircuitBreakerPolicy next, CircuitState to, string reason) =>
        (next with { State = to }, new CircuitTransition(State, to, reason));
}
