using ColdEmail.Domain.Routing;

namespace ColdEmail.Domain.Tests.Routing;

public class CampaignRouterTests
{
    private readonly CampaignRouter _router = CampaignRouter.Default("smb-id", "mid-id");

    [Theory]
    [InlineData("1000000", "Midsize")]
    [InlineData("999999.99", "SMB")]
    [InlineData("0", "SMB")]
    [InlineData("50000000", "Midsize")]
    public void Revenue_goes_to_the_campaign_whose_range_holds_it(string revenue, string expected)
    {
        var decision = _router.Route(decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, decision.Campaign?.Name);
        Assert.Contains(expected, decision.Reason);
    }

    [Fact]
    public void Unknown_revenue_goes_to_SMB_by_default()
    {
        var decision = _router.Route(null);
        Assert.Equal("SMB", decision.Campaign?.Name);
        Assert.Contains("unknown", decision.Reason);
    }

    [Fact]
    public void Unknown_revenue_goes_where_config_says()
    {
        var router = new CampaignRouter(CampaignRouter.DefaultCampaigns(), unknownRevenueCampaign: "Midsize");
        Assert.Equal("Midsize", router.Route(null).Campaign?.Name);
    }

    [Fact]
    public void Negative_revenue_is_treated_as_unknown_and_says_so()
    {
        var decision = _router.Route(-5m);
        Assert.Equal("SMB", decision.Campaign?.Name);
        Assert.Contains("negative", decision.Reason);
    }

    [Fact]
    public void Overlapping_ranges_are_rejected_naming_both_campaigns()
    {
        var e = Assert.Throws<ArgumentException>(() => new CampaignRouter(
        [
            new("Small", null, null, 2_000_000m, 10, 5),
            new("Big", null, 1_000_000m, null, 10, 5),
        ], "Small"));
        Assert.Contains("Small", e.Message);
        Assert.Contains("Big", e.Message);
        Assert.Contains("overlap", e.Message);
    }

    [Fact]
    public void Gapped_ranges_are_rejected_naming_both_campaigns()
    {
        var e = Assert.Throws<ArgumentException>(() => new CampaignRouter(
        [
            new("Small", null, null, 1_000_000m, 10, 5),
            new("Big", null, 2_000_000m, null, 10, 5),
        ], "Small"));
        Assert.Contains("Small", e.Message);
        Assert.Contains("Big", e.Message);
        Assert.Contains("gap", e.Message);
    }

    [Fact]
    public void A_range_that_does_not_start_at_minus_infinity_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new CampaignRouter([new("Only", null, 0m, null, 10, 5)], "Only"));
        Assert.Contains("Only", e.Message);
    }

    [Fact]
    public void An_empty_range_is_rejected_naming_the_campaign() =>
        Assert.Contains("'Mid'", Assert.Throws<ArgumentException>(() => new CampaignRouter(
        [
            new("SMB", null, null, 1_000_000m, 10, 5),
            new("Mid", null, 1_000_000m, 1_000_000m, 10, 5),
            new("Big", null, 1_000_000m, null, 10, 5),
        ])).Message);

    [Fact]
    public void Duplicate_campaign_names_are_rejected() =>
        Assert.Contains("smb", Assert.Throws<ArgumentException>(() => new CampaignRouter(
        [
            new("SMB", null, null, 1_000_000m, 10, 5),
            new("smb", null, 1_000_000m, null, 10, 5),
        ])).Message, StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData(-1, 5, "daily limit")]
    [InlineData(10, 0, "sequence length")]
    public void Nonsense_limits_are_rejected_naming_the_campaign(int daily, int length, string what)
    {
        var e = Assert.Throws<ArgumentException>(() => new CampaignRouter(
        [
            new("SMB", null, null, 1_000_000m, daily, length),
            new("Midsize", null, 1_000_000m, null, 10, 5),
        ]));
        Assert.Contains("SMB", e.Message);
        Assert.Contains(what, e.Message);
    }

    [Fact]
    public void An_unknown_home_for_unknown_revenue_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => new CampaignRouter(CampaignRouter.DefaultCampaigns(), "Enterprise"));
        Assert.Contains("Enterprise", e.Message);
    }

    [Fact]
    public void Three_campaigns_route_by_their_ranges()
    {
        var router = new CampaignRouter(
        [
            new("Enterprise", "e", 10_000_000m, null, 10, 9),
            new("SMB", "s", null, 1_000_000m, 50, 5),
            new("Midsize", "m", 1_000_000m, 10_000_000m, 30, 7),
        ]);
        Assert.Equal("Midsize", router.Route(9_999_999.99m).Campaign?.Name);
        Assert.Equal("Enterprise", router.Route(10_000_000m).Campaign?.Name);
        Assert.Equal("SMB", router.Route(1m).Campaign?.Name);
    }
}
