using ColdEmail.Domain.Enrolment;

namespace ColdEmail.Pipeline.Sync;

/// <summary>Where one lead of a batch ended.</summary>
public enum OutcomeKind
{
    /// <summary>In our campaign in Instantly, with its id.</summary>
    Active,
    /// <summary>Already in the workspace (another campaign): Instantly skipped it.</summary>
    Skipped,
    /// <summary>Invalid, blocklisted or rejected by Instantly's validation: never retried.</summary>
    Quarantine,
    /// <summary>Failed; a dead letter says why and when it may be retried.</summary>
    DeadLetter,
    /// <summary>A claimed lead that, after a crash, is not in Instantly: it goes back to the pool untouched.</summary>
    Returned,
}

/// <summary>
/// The settled fate of one lead; everything the warehouse write needs, so it can be replayed. It is journalled inside
/// <see cref="BatchSettled"/> (old rows name this CLR type), so it stays here and is built from the domain's
/// <see cref="LeadSettlement"/>.
/// </summary>
public sealed record LeadOutcome(
    string Email,
    OutcomeKind Kind,
    string? InstantlyLeadId,
    string Reason,
    int? HttpStatus = null,
    string? ErrorKind = null,
    int RetryCount = 0,
    DateTimeOffset? NextRetryAt = null,
    bool Permanent = false,
    long? ApiResponseTimeMs = null)
{
    public static LeadOutcome From(LeadSettlement s) =>
        new(s.Email, KindOf(s.Kind), s.InstantlyLeadId, s.Reason, s.HttpStatus, s.ErrorKind, s.RetryCount, s.NextRetryAt, s.Permanent, s.ApiResponseTimeMs);

    public static IReadOnlyList<LeadOutcome> From(IEnumerable<LeadSettlement> settled) => settled.Select(From).ToList();

    private static OutcomeKind KindOf(SettlementKind kind) => kind switch
    {
        SettlementKind.Active => OutcomeKind.Active,
        SettlementKind.Skipped => OutcomeKind.Skipped,
        SettlementKind.Quarantine => OutcomeKind.Quarantine,
        SettlementKind.DeadLetter => OutcomeKind.DeadLetter,
        SettlementKind.Returned => OutcomeKind.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a settlement kind"),
    };
}
