using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>Asks for permission to send one request; answered with <see cref="PermitGranted"/> when its turn comes.</summary>
public sealed record AcquirePermit(long RequestId);

public sealed record PermitGranted(long RequestId, DateTimeOffset GrantedAt);

/// <summary>
/// How a permitted request ended. <paramref name="GrantedAt"/> lets the limiter ignore the answers to
/// requests it sent before it last slowed down: they say nothing about the new pace.
/// </summary>
public sealed record ReportOutcome(CallOutcomeKind Kind, DateTimeOffset GrantedAt, TimeSpan? RetryAfter = null);

/// <summary>Live reload: new pacing takes effect for the next permit.</summary>
public sealed record ApplyRateLimiterOptions(RateLimiterOptions Options);

public sealed record GetRateLimiterStatus
{
    public static readonly GetRateLimiterStatus Instance = new();
}

public sealed record RateLimiterStatus(
    TimeSpan CurrentDelay,
    TimeSpan LearnedFloor,
    int Queued,
    long Granted,
    DateTimeOffset? PausedUntil,
    long RateLimitedCount);
