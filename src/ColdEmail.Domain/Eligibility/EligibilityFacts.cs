using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Eligibility;

/// <summary>
/// Everything the warehouse knows about one <c>eligible_leads</c> row that can exclude it, already reduced the way
/// <c>v_lead_eligibility</c> reduces its tables (see <see cref="EligibilityFactRules"/>): whether the row is its email's
/// primary row, the suppression lists, the winning state row, open dead letters, the verification verdict, and when
/// the cooldown and the dead-letter retry end.
/// </summary>
public sealed record EligibilityFacts(
    bool IsPrimary = true,
    bool Suppressed = false,
    bool Erased = false,
    bool DomainSuppressed = false,
    LeadState? CurrentState = null,
    bool PermanentDeadLetter = false,
    VerificationStatus? Verification = null,
    DateTimeOffset? CooldownUntil = null,
    DateTimeOffset? RetryUntil = null);

/// <summary>The first rule that excludes a row, in the order the view applies them.</summary>
public enum ExclusionKind
{
    InvalidEmail,
    Duplicate,
    Suppressed,
    Erased,
    SuppressedDomain,
    AlreadyInInstantly,
    Skipped,
    Quarantined,
    DeadLetterPermanent,
    VerificationInvalid,
    Cooldown,
    DeadLetterPending,
}

public sealed record EligibilityDecision(bool Eligible, ExclusionKind? Exclusion, string Reason)
{
    public static EligibilityDecision Include() => new(true, null, "eligible");
    public static EligibilityDecision Exclude(ExclusionKind kind, string reason) => new(false, kind, reason);
}
