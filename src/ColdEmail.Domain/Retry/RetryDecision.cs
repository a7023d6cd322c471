namespace ColdEmail.Domain.Retry;

/// <summary>
/// What to do after a failed call. <see cref="Delay"/> is set only for <see cref="RetryAction.Retry"/>.
/// <see cref="Exhausted"/> marks a retryable failure that ran out of attempts: its dead letter is not
/// permanent (<see cref="Permanent"/> false), so a later run may pick it up again; that is the
/// pipeline's job, not this rule's.
/// </summary>
public sealed record RetryDecision(
    RetryAction Action,
    TimeSpan? Delay,
    int MaxAttempts,
    string Reason,
    bool Exhausted = false)
{
    /// <summary>A dead letter that no later run should retry (anything but an exhausted 429/5xx).</summary>
    public bool Permanent => Action == RetryAction.DeadLetter && !Exhausted;
}
