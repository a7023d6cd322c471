namespace ColdEmail.Domain.Throttling;

/// <summary>What a finished call tells the limiter and the breaker about the service.</summary>
public enum CallOutcomeKind
{
    Success,
    /// <summary>429: slows the limiter, but the service is healthy, so the breaker ignores it.</summary>
    RateLimited,
    /// <summary>5xx, timeout, dropped connection or a garbled answer: a failure of the service.</summary>
    ServiceFailure,
    /// <summary>A 4xx about the request itself: the service answered, so it counts as healthy.</summary>
    ClientError,
}
