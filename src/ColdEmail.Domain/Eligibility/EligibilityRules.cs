using System.Globalization;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Eligibility;

/// <summary>
/// The executable specification of <c>v_lead_eligibility</c>'s exclusions (the SQL is what runs; a property test on
/// DuckDB and PostgreSQL requires both to decide every generated row alike). The first rule that matches wins, in the
/// view's order: an unusable email (<see cref="EmailIdentity"/>), a duplicate row, the suppression lists (permanent:
/// the most important thing to tell a person), a state row meaning Instantly has or had the lead, a permanent dead
/// letter, a failed verification while verification is on; then the clock: cooldown, a retry not yet due.
/// The seed only excluded status 'active', so bounced or stale leads came straight back; every state row that means
/// "Instantly has it" excludes here, and a drain starts a cooldown.
/// </summary>
public static class EligibilityRules
{
    public static EligibilityDecision Evaluate(string? rawEmail, EligibilityFacts facts, bool verificationEnabled, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (EmailIdentity.Normalise(rawEmail).Reason is { } invalid)
            return EligibilityDecision.Exclude(ExclusionKind.InvalidEmail, invalid);
        if (!facts.IsPrimary)
            return EligibilityDecision.Exclude(ExclusionKind.Duplicate, "duplicate of a row with higher revenue");
        if (facts.Suppressed)
            return EligibilityDecision.Exclude(ExclusionKind.Suppressed, "suppressed");
        if (facts.Erased)
            return EligibilityDecision.Exclude(ExclusionKind.Erased, "erased");
        if (facts.DomainSuppressed)
            return EligibilityDecision.Exclude(ExclusionKind.SuppressedDomain, "suppressed domain");
        switch (facts.CurrentState)
        {
            case LeadState.Active or LeadState.Engaged:
                return EligibilityDecision.Exclude(ExclusionKind.AlreadyInInstantly, "already in Instantly");
            case LeadState.Skipped:
                return EligibilityDecision.Exclude(ExclusionKind.Skipped, "skipped by Instantly");
            case LeadState.Quarantine:
                return EligibilityDecision.Exclude(ExclusionKind.Quarantined, "quarantined");
        }
        if (facts.PermanentDeadLetter)
            return EligibilityDecision.Exclude(ExclusionKind.DeadLetterPermanent, "permanent failure");
        if (verificationEnabled && facts.Verification == VerificationStatus.Invalid)
            return EligibilityDecision.Exclude(ExclusionKind.VerificationInvalid, "email verification failed (invalid)");
        if (facts.CooldownUntil is { } until && until > now)
            return EligibilityDecision.Exclude(ExclusionKind.Cooldown, $"cooldown until {until.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        if (facts.RetryUntil is { } retry && retry > now)
            return EligibilityDecision.Exclude(ExclusionKind.DeadLetterPending, "retry scheduled");
        return EligibilityDecision.Include();
    }
}
