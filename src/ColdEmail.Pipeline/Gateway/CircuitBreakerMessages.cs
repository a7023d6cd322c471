using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>May this request go out? Answered with <see cref="PassGranted"/> or <see cref="PassRefused"/>.</summary>
public sealed record RequestPass(long RequestId);

public sealed record PassGranted(long RequestId, bool IsProbe);

/// <summary>The circuit is open: nothing was sent; ask again after <paramref name="RetryAfter"/>.</summary>
public sealed record PassRefused(long RequestId, TimeSpan RetryAfter);

public sealed record RecordCallOutcome(CallOutcomeKind Kind, bool IsProbe);

public sealed record ApplyCircuitBreakerOptions(CircuitBreakerOptions Options);

public sealed record GetCircuitStatus
{
    public static readonly GetCircuitStatus Instance = new();
}

public sealed record CircuitStatus(CircuitState State, int Failures, int Samples, DateTimeOffset? OpenUntil);

/// <summary>Published on the EventStream whenever the breaker changes state (for notifications).</summary>
public sealed record CircuitBreakerStateChanged(CircuitState From, CircuitState To, string Reason, DateTimeOffset At);
