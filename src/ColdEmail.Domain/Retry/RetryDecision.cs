namespace ColdEmail.Domain.Retry;

/// <summary>
/// What to do after a failed call. <see cref="Delay"/> is set only for <see cref="RetryAction.Retry"/>.
/// <see cref="Exhausted"/> marks a retryable failure (429/5xx) that ran out of the seed's attempts. Every dead
/// letter is permanent: the seed's table says retries stop, and a person looks at it (`dead-letters retry`
/// revives it); retrying an exhausted letter on every run for ever is exactly what the table forbids.
/// </summary>
public sealed record RetryDecision(
    RetryAction Action,
    TimeSpan? Delay,
    int MaxAttempts,
    string Reason,
    bool Exhausted = false)
{
    /// <summary>A dead letter no later run retries by itself (exhausted 429/5xx included).</summary>
    public bool Permanent => Action == RetryAction.DeadLetter;
}
