namespace ColdEmail.Domain.Enrolment;

/// <summary>
/// How hard one run tries a batch before its leads become dead letters for a later run: at most
/// <paramref name="InRunAttempts"/> sends, waiting <paramref name="InRunRetryDelay"/> × attempt between them.
/// </summary>
public sealed record EnrolmentPolicy(int InRunAttempts, TimeSpan InRunRetryDelay)
{
    public EnrolmentPolicy Validate()
    {
        if (InRunAttempts < 1) throw new ArgumentOutOfRangeException(nameof(InRunAttempts), InRunAttempts, "must be at least 1");
        if (InRunRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InRunRetryDelay), InRunRetryDelay, "must not be negative");
        return this;
    }
}
