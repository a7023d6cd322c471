namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.circuit-breaker: opens when FailureThreshold of the last Window requests failed; probes after CoolDown.</summary>
public sealed record CircuitBreakerSettings(int Window, double FailureThreshold, TimeSpan CoolDown);
