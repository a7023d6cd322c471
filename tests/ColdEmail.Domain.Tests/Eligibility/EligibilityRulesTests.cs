using ColdEmail.Domain.Eligibility;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Tests.Eligibility;

/// <summary>The specification's order of rules; the parity property test holds the views to the same decisions.</summary>
public class EligibilityRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static EligibilityDecision Eval(EligibilityFacts facts, bool verification = false, string? email = "jane@shop.com") =>
        EligibilityRules.Evaluate(email, facts, verification, Now);

    [Fact]
    public void A_lead_with_no_history_is_eligible() => Assert.True(Eval(new EligibilityFacts()).Eligible);

    [Theory]
    [InlineData(null, EmailIdentity.MissingReason)]
    [InlineData("  ", EmailIdentity.EmptyReason)]
    [InlineData("a b@x.com", EmailIdentity.WhiteSpaceReason)]
    [InlineData("a@b@c.com", EmailIdentity.AtSignReason)]
    public void An_unusable_email_is_excluded_first_with_the_identity_reason(string? email, string reason)
    {
        var d = Eval(new EligibilityFacts(IsPrimary: false, Suppressed: true), email: email);
        Assert.Equal((ExclusionKind.InvalidEmail, reason), (d.Exclusion!.Value, d.Reason));
    }

    [Fact]
    public void The_first_matching_rule_wins_in_the_views_order()
    {
        var all = new EligibilityFacts(false, true, true, true, LeadState.Active, true, VerificationStatus.Invalid, Now.AddDays(1), Now.AddHours(1));
        var order = new List<ExclusionKind?>();
        var facts = all;
        EligibilityFacts[] peel =
        [
            facts, facts = facts with { IsPrimary = true }, facts = facts with { Suppressed = false }, facts = facts with { Erased = false },
            facts = facts with { DomainSuppressed = false }, facts = facts with { CurrentState = LeadState.Completed },
            facts = facts with { PermanentDeadLetter = false }, facts = facts with { Verification = null },
            facts = facts with { CooldownUntil = Now }, facts with { RetryUntil = null },
        ];
        foreach (var f in peel) order.Add(Eval(f, verification: true).Exclusion);

        Assert.Equal<ExclusionKind?>([ExclusionKind.Duplicate, ExclusionKind.Suppressed, ExclusionKind.Erased, ExclusionKind.SuppressedDomain,
            ExclusionKind.AlreadyInInstantly, ExclusionKind.DeadLetterPermanent, ExclusionKind.VerificationInvalid, ExclusionKind.Cooldown,
            ExclusionKind.DeadLetterPending, null], order);
    }

    [Fact]
    public void Verification_only_counts_while_it_is_on() =>
        Assert.True(Eval(new EligibilityFacts(Verification: VerificationStatus.Invalid)).Eligible);

    [Fact]
    public void Facts_reduce_the_warehouse_rows_as_the_views_do()
    {
        Assert.Equal(LeadState.Active, EligibilityFactRules.CurrentState([LeadState.Skipped, LeadState.Completed, LeadState.Active]));
        Assert.Equal(LeadState.Quarantine, EligibilityFactRules.CurrentState([LeadState.Skipped, LeadState.Quarantine]));
        Assert.Null(EligibilityFactRules.CurrentState([LeadState.Completed, LeadState.Eligible]));
        Assert.Equal(Now.AddDays(90), EligibilityFactRules.CooldownUntil([(Now, null), (Now.AddDays(-5), Now.AddDays(30))]));
        Assert.Equal(Now.AddHours(2), EligibilityFactRules.RetryUntil([(false, Now.AddHours(2), false), (false, Now.AddHours(9), true), (true, Now.AddHours(20), false)]));
    }
}
