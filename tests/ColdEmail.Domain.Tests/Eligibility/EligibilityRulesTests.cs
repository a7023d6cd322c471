using ColdEmail.Domain.Eligibility;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Tests.Eligibility;

public class EligibilityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private const string Email = "jane@shop.com";

    private static EligibilityDecision Eval(EligibilityFacts facts, EligibilityPolicy? policy = null, string email = Email) =>
        EligibilityRules.Evaluate(email, facts, policy ?? EligibilityPolicy.Default, Now);

    [Fact]
    public void A_lead_with_no_history_is_eligible() =>
        Assert.True(Eval(new EligibilityFacts()).Eligible);

    [Fact]
    public void An_invalid_email_is_excluded() =>
        Assert.Equal(ExclusionKind.InvalidEmail, Eval(new EligibilityFacts(), email: "not-an-email").Exclusion);

    [Theory]
    [InlineData(LeadState.Active, ExclusionKind.AlreadyInInstantly, "already active")]
    [InlineData(LeadState.Engaged, ExclusionKind.AlreadyInInstantly, "already engaged")]
    [InlineData(LeadState.Skipped, ExclusionKind.Skipped, "skipped")]
    [InlineData(LeadState.Quarantine, ExclusionKind.Quarantined, "quarantined")]
    public void State_rows_exclude(LeadState state, ExclusionKind kind, string reason)
    {
        var d = Eval(new EligibilityFacts(CurrentState: state));
        Assert.False(d.Eligible);
        Assert.Equal(kind, d.Exclusion);
        Assert.Contains(reason, d.Reason);
    }

    [Theory]
    [InlineData(LeadState.Eligible)]
    [InlineData(LeadState.Completed)]
    [InlineData(LeadState.Archived)]
    public void Other_states_leave_the_decision_to_cooldown_and_the_rest(LeadState state) =>
        Assert.True(Eval(new EligibilityFacts(CurrentState: state)).Eligible);

    [Fact]
    public void Completed_89_days_ago_is_in_cooldown_with_its_end_date()
    {
        var d = Eval(new EligibilityFacts(LastCompletedAt: Now.AddDays(-89)));
        Assert.Equal(ExclusionKind.Cooldown, d.Exclusion);
        Assert.Equal("cooldown until 2026-06-16", d.Reason);
        Assert.Equal(Now.AddDays(1), d.CooldownUntil);
    }

    [Fact]
    public void Completed_90_days_ago_is_eligible_again() =>
        Assert.True(Eval(new EligibilityFacts(LastCompletedAt: Now.AddDays(-90))).Eligible);

    [Fact]
    public void Cooldown_is_configurable() =>
        Assert.True(Eval(new EligibilityFacts(LastCompletedAt: Now.AddDays(-31)), new EligibilityPolicy(CooldownDays: 30)).Eligible);

    [Fact]
    public void Invalid_verification_excludes_only_when_verification_is_enabled()
    {
        var facts = new EligibilityFacts(Verification: VerificationStatus.Invalid);
        Assert.True(Eval(facts).Eligible);
        var d = Eval(facts, new EligibilityPolicy(VerificationEnabled: true));
        Assert.Equal(ExclusionKind.VerificationInvalid, d.Exclusion);
    }

    [Theory]
    [InlineData(SuppressionReason.Unsubscribed, "unsubscribed")]
    [InlineData(SuppressionReason.HardBounced, "hard-bounced")]
    [InlineData(SuppressionReason.Replied, "replied")]
    public void Suppression_excludes_forever_even_long_after(SuppressionReason reason, string text)
    {
        var d = Eval(new EligibilityFacts(LastCompletedAt: Now.AddYears(-5), Suppression: reason));
        Assert.Equal(ExclusionKind.Suppressed, d.Exclusion);
        Assert.Contains("forever", d.Reason);
        Assert.Contains(text, d.Reason);
    }

    [Fact]
    public void A_pending_dead_letter_excludes_until_its_retry_is_due()
    {
        Assert.Equal(ExclusionKind.DeadLetterPending, Eval(new EligibilityFacts(DeadLetter: new DeadLetterFact(false, Now.AddHours(1)))).Exclusion);
        Assert.True(Eval(new EligibilityFacts(DeadLetter: new DeadLetterFact(false, Now))).Eligible);
        Assert.True(Eval(new EligibilityFacts(DeadLetter: new DeadLetterFact(false, null))).Eligible);
    }

    [Fact]
    public void A_permanent_dead_letter_excludes() =>
        Assert.Equal(ExclusionKind.DeadLetterPermanent, Eval(new EligibilityFacts(DeadLetter: new DeadLetterFact(true, null))).Exclusion);

    [Fact]
    public void Suppression_wins_over_every_other_reason() =>
        Assert.Equal(ExclusionKind.Suppressed, Eval(new EligibilityFacts(LeadState.Active, Now, VerificationStatus.Invalid, SuppressionReason.Replied, new DeadLetterFact(true, null))).Exclusion);
}
