using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Domain.Tests.Leads;

public class LeadNormalizerTests
{
    private static readonly CampaignRouter Router = CampaignRouter.Default();

    private static Prospect P(string email, decimal? revenue = null) =>
        new(email, "Shop", "shop.com", " ca ", "us", revenue, null, null, null, null, " America/Los_Angeles ");

    [Fact]
    public void Email_is_trimmed_and_lower_cased_and_the_domain_derived()
    {
        Assert.True(LeadNormalizer.TryNormalize(P("  Jane.Doe@Shop.COM "), Router, out var lead, out _));
        Assert.Equal("jane.doe@shop.com", lead.Email.Value);
        Assert.Equal("jane.doe@shop.com", lead.Prospect.Email);
        Assert.Equal("shop.com", lead.Domain);
        Assert.Equal("CA", lead.Prospect.State);
        Assert.Equal("US", lead.Prospect.CountryCode);
        Assert.Equal("America/Los_Angeles", lead.Prospect.Timezone);
    }

    [Theory]
    [InlineData("999999.99", "SMB")]
    [InlineData("1000000", "Midsize")]
    [InlineData(null, "SMB")]
    public void Sequence_target_comes_from_revenue(string? revenue, string target)
    {
        var r = revenue is null ? (decimal?)null : decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(LeadNormalizer.TryNormalize(P("a@shop.com", r), Router, out var lead, out var reason));
        Assert.Equal(target, lead.SequenceTarget);
        Assert.Equal(target, lead.Prospect.SequenceTarget);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("nobody", "no local part or domain")]
    [InlineData("a@@b.com", "more than one @")]
    [InlineData("a..b@shop.com", "invalid local part")]
    [InlineData("a@shop", "invalid domain")]
    public void Invalid_email_is_refused_with_a_reason(string email, string fragment)
    {
        Assert.False(LeadNormalizer.TryNormalize(P(email), Router, out var lead, out var reason));
        Assert.Null(lead);
        Assert.Contains(fragment, reason);
    }
}
