using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Eligibility;

/// <summary>Why an address is on the permanent suppression list.</summary>
public enum SuppressionReason { Unsubscribed, HardBounced, Replied }

/// <summary>The open dead letter for an address, if any.</summary>
public sealed record DeadLetterFact(bool Permanent, DateTimeOffset? NextRetryAt);

/// <summary>
/// Everything the warehouse knows about one address that can exclude it: its current state row
/// (ops_inst_state), its last completion or drain (ops_lead_history), its verification result, the
/// suppression list, and its open dead letter. Nulls mean "no such row".
/// </summary>
public sealed record EligibilityFacts(
    LeadState? CurrentState = null,
    DateTimeOffset? LastCompletedAt = null,
    VerificationStatus? Verification = null,
    SuppressionReason? Suppression = null,
    DeadLetterFact? DeadLetter = null);

public sealed record EligibilityPolicy(int CooldownDays = 90, bool VerificationEnabled = false)
{
    public static readonly EligibilityPolicy Default = new();
}

/// <summary>The first rule that excludes a lead, in the order the view applies them.</summary>
public enum ExclusionKind
{
    InvalidEmail,
    Suppressed,
    AlreadyInInstantly,
    Skipped,
    Quarantined,
    Cooldown,
    VerificationInvalid,
    DeadLetterPending,
    DeadLetterPermanent,
}

public sealed record EligibilityDecision(bool Eligible, ExclusionKind? Exclusion, string Reason, DateTimeOffset? CooldownUntil = null)
{
    public static EligibilityDecision Include(string reason) => new(true, null, reason);
    public static EligibilityDecision Exclude(ExclusionKind kind, string reason, DateTimeOffset? until = null) => new(false, kind, reason, until);
}
