using System.Globalization;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Eligibility;

/// <summary>
/// The exclusions of the view <c>v_ready_for_instantly</c>, as code so that <c>plan</c> and the tests
/// say the same thing the SQL does. Order: invalid email, permanent suppression, already in Instantly
/// (active/engaged), skipped, quarantined, cooldown, verification, dead letters; the first match wins.
/// Suppression comes first because it is forever and is the most important thing to tell a person.
/// The seed's view only excluded status 'active', so bounced or stale leads came straight back; here
/// every state row that means "Instantly has or had it" excludes, and completion starts a cooldown.
/// </summary>
public static class EligibilityRules
{
    public static EligibilityDecision Evaluate(string? rawEmail, EligibilityFacts facts, EligibilityPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(policy);

        if (!EmailAddress.TryParse(rawEmail, out _, out var why))
            return EligibilityDecision.Exclude(ExclusionKind.InvalidEmail, $"invalid email: {why}");

        if (facts.Suppression is { } s)
            return EligibilityDecision.Exclude(ExclusionKind.Suppressed, s switch
            {
                SuppressionReason.Unsubscribed => "suppressed forever: unsubscribed",
                SuppressionReason.HardBounced => "suppressed forever: hard-bounced",
                SuppressionReason.Replied => "suppressed forever: replied",
                _ => $"suppressed forever: {s}",
            });

        switch (facts.CurrentState)
        {
            case LeadState.Active:
                return EligibilityDecision.Exclude(ExclusionKind.AlreadyInInstantly, "already active in Instantly");
            case LeadState.Engaged:
                return EligibilityDecision.Exclude(ExclusionKind.AlreadyInInstantly, "already engaged in Instantly");
            case LeadState.Skipped:
                return EligibilityDecision.Exclude(ExclusionKind.Skipped, "skipped: already in the Instantly workspace");
            case LeadState.Quarantine:
                return EligibilityDecision.Exclude(ExclusionKind.Quarantined, "quarantined after a rejected upload");
        }

        if (facts.LastCompletedAt is { } done)
        {
            var until = done.AddDays(policy.CooldownDays);
            if (now < until)
                return EligibilityDecision.Exclude(ExclusionKind.Cooldown, $"cooldown until {Day(until)}", until);
        }

        if (policy.VerificationEnabled && facts.Verification == VerificationStatus.Invalid)
            return EligibilityDecision.Exclude(ExclusionKind.VerificationInvalid, "email verification failed (invalid)");

        if (facts.DeadLetter is { } dl)
        {
            if (dl.Permanent)
                return EligibilityDecision.Exclude(ExclusionKind.DeadLetterPermanent, "permanent dead letter");
            if (dl.NextRetryAt is { } next && now < next)
                return EligibilityDecision.Exclude(ExclusionKind.DeadLetterPending,
                    $"dead letter pending: retry due {next.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        }

        return EligibilityDecision.Include(facts.LastCompletedAt is { } last
            ? $"eligible: cooldown since {Day(last)} is over"
            : "eligible");
    }

    public static DateTimeOffset CooldownUntil(DateTimeOffset completedAt, EligibilityPolicy policy) =>
        completedAt.AddDays(policy.CooldownDays);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
