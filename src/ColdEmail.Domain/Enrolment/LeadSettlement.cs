namespace ColdEmail.Domain.Enrolment;

/// <summary>Where one lead of a batch ended.</summary>
public enum SettlementKind
{
    /// <summary>In our campaign in Instantly, with its id.</summary>
    Active,
    /// <summary>Already in the workspace (another campaign): Instantly skipped it.</summary>
    Skipped,
    /// <summary>Invalid, blocklisted or rejected by Instantly's validation: never retried.</summary>
    Quarantine,
    /// <summary>Failed; a dead letter says why and when it may be retried.</summary>
    DeadLetter,
    /// <summary>Not judged (the run stopped, or the outcome is unknown): back to the pool untouched.</summary>
    Returned,
}

/// <summary>
/// The settled fate of one lead and the words that explain it (the reason is what `explain` shows a person).
/// <paramref name="ErrorKind"/> names the failure (a <see cref="Retry.FailureKind"/> or <see cref="Retry.BulkAddFault"/>,
/// <see cref="EnrolmentDecider.Unclear"/> for a batch whose outcome is unknown).
/// </summary>
public sealed record LeadSettlement(
    string Email,
    SettlementKind Kind,
    string? InstantlyLeadId,
    string Reason,
    int? HttpStatus = null,
    string? ErrorKind = null,
    int RetryCount = 0,
    DateTimeOffset? NextRetryAt = null,
    bool Permanent = false,
    long? ApiResponseTimeMs = null);
