namespace ColdEmail.Domain.Retry;

/// <summary>
/// How a call to Instantly failed, in the terms the seed's retry table uses. Timeouts and dropped
/// connections are <see cref="ServerError"/>: the request may or may not have been applied.
/// </summary>
public enum FailureKind
{
    RateLimited,   // 429
    ServerError,   // 5xx, timeouts, dropped connections
    Validation,    // 422 (and 400 for a lead's own data)
    Duplicate,     // 409
    Other,         // anything else: 401, 402, 403, 404 on create, garbage answers
}
