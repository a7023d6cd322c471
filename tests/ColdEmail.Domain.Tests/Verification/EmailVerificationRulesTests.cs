using ColdEmail.Domain.Verification;

namespace ColdEmail.Domain.Tests.Verification;

public class EmailVerificationRulesTests
{
    private readonly EmailVerificationRules _rules = new();

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign.com")]
    [InlineData("a@b")]
    [InlineData("two@@ats.com")]
    public void Bad_syntax_is_rejected_with_the_reason(string email)
    {
        var d = _rules.CheckAddress(email);
        Assert.True(d.IsReject);
        Assert.Contains("syntax", d.Reason);
    }

    [Theory]
    [InlineData("info@shop.com")]
    [InlineData("Support@Shop.com")]
    [InlineData("sales@shop.com")]
    [InlineData("admin@shop.com")]
    [InlineData("contact@shop.com")]
    [InlineData("hello@shop.com")]
    public void Role_accounts_are_rejected_by_default(string email)
    {
        var d = _rules.CheckAddress(email);
        Assert.True(d.IsReject);
        Assert.Contains("role account", d.Reason);
    }

    [Fact]
    public void Role_accounts_pass_when_policy_allows_them() =>
        Assert.True(new EmailVerificationRules(new VerificationPolicy(RejectRoleAccounts: false)).CheckAddress("info@shop.com").IsSend);

    [Fact]
    public void A_local_part_that_only_contains_a_role_word_is_a_person() =>
        Assert.True(_rules.CheckAddress("info.jane@shop.com").IsSend);

    [Fact]
    public void Free_mail_is_allowed_by_default_and_said_so()
    {
        var d = _rules.CheckAddress("jane@gmail.com");
        Assert.True(d.IsSend);
        Assert.Contains("free mail", d.Reason);
    }

    [Fact]
    public void Free_mail_is_rejected_when_policy_says_so() =>
        Assert.Contains("free mail", new EmailVerificationRules(new VerificationPolicy(RejectFreeMail: true)).CheckAddress("jane@gmail.com").Reason);

    [Theory]
    [InlineData("jane@mailinator.com")]
    [InlineData("jane@eu.mailinator.com")]
    [InlineData("jane@yopmail.com")]
    public void Disposable_domains_and_their_subdomains_are_rejected(string email)
    {
        var d = _rules.CheckAddress(email);
        Assert.True(d.IsReject);
        Assert.Contains("disposable", d.Reason);
    }

    [Fact]
    public void A_normal_business_address_passes() =>
        Assert.True(_rules.CheckAddress("jane.doe@acme-shop.com").IsSend);

    [Theory]
    [InlineData(VerificationStatus.Verified, CatchAllState.No, "send")]
    [InlineData(VerificationStatus.Verified, CatchAllState.Yes, "send")]
    [InlineData(VerificationStatus.Verified, CatchAllState.Pending, "wait")]
    [InlineData(VerificationStatus.Pending, CatchAllState.No, "wait")]
    [InlineData(VerificationStatus.Pending, CatchAllState.Yes, "wait")]
    [InlineData(VerificationStatus.Pending, CatchAllState.Pending, "wait")]
    [InlineData(VerificationStatus.Invalid, CatchAllState.No, "reject")]
    [InlineData(VerificationStatus.Invalid, CatchAllState.Yes, "reject")]
    [InlineData(VerificationStatus.Invalid, CatchAllState.Pending, "reject")]
    public void Instantly_results_map_to_decisions(VerificationStatus status, CatchAllState catchAll, string expected)
    {
        var d = _rules.FromInstantly(status, catchAll);
        var actual = d switch
        {
            VerificationDecision.Send => "send",
            VerificationDecision.Wait => "wait",
            VerificationDecision.Reject => "reject",
            _ => "?",
        };
        Assert.Equal(expected, actual);
        Assert.False(string.IsNullOrWhiteSpace(d.Reason));
    }

    [Fact]
    public void Catch_all_is_rejected_when_policy_refuses_it()
    {
        var d = new EmailVerificationRules(new VerificationPolicy(AllowCatchAll: false)).FromInstantly(VerificationStatus.Verified, CatchAllState.Yes);
        Assert.True(d.IsReject);
        Assert.Contains("catch-all", d.Reason);
    }

    [Fact]
    public void Evaluate_checks_our_rules_before_instantly()
    {
        Assert.True(_rules.Evaluate("info@shop.com", VerificationStatus.Verified, CatchAllState.No).IsReject);
        Assert.True(_rules.Evaluate("jane@shop.com", null, null).IsWait);
        Assert.True(_rules.Evaluate("jane@shop.com", VerificationStatus.Verified, CatchAllState.No).IsSend);
        Assert.True(_rules.Evaluate("jane@shop.com", VerificationStatus.Invalid, CatchAllState.No).IsReject);
    }

    [Fact]
    public void Lists_are_embedded_data_files_with_comments_ignored()
    {
        Assert.True(DomainList.RoleAccounts.Value.Count >= 10);
        Assert.True(DomainList.FreeMail.Value.Contains("gmail.com"));
        Assert.True(DomainList.Disposable.Value.Contains("MAILINATOR.com"));
        Assert.DoesNotContain(DomainList.FreeMail.Value.Entries, e => e.StartsWith('#') || e.Contains(' '));
    }

    [Fact]
    public void List_parsing_drops_comments_blank_lines_and_case() =>
        Assert.Equal(["a.com", "b.com"], DomainList.Parse(["# header", "", "  A.com  ", "b.com # trailing note", "   # indented"]));

    [Fact]
    public void A_missing_embedded_file_is_named_in_the_error() =>
        Assert.Contains("nope.txt", Assert.Throws<InvalidOperationException>(() => DomainList.FromEmbedded("nope.txt")).Message);
}
