using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Scoring;

namespace ColdEmail.Domain.Tests.Scoring;

public class LeadScoreTests
{
    // A Wednesday, 15:00 UTC = 11:00 in New York (EDT): inside business hours there.
    private static readonly DateTimeOffset Now = new(2026, 6, 17, 15, 0, 0, TimeSpan.Zero);

    private static Prospect P(decimal? revenue = null, DateTimeOffset? klaviyo = null, int? products = null,
        decimal? price = null, string? state = null, string? country = null, string? tz = null) =>
        new("a@shop.com", "Shop", "shop.com", state, country, revenue, null, products, price, klaviyo, tz);

    private static int Part(LeadScore s, string factor) => Assert.Single(s.Parts, p => p.Factor == factor).Points;

    [Theory]
    [InlineData(null, 10)]
    [InlineData("0", 10)]
    [InlineData("500000", 10)]
    [InlineData("500000.01", 20)]
    [InlineData("1000000", 20)]
    [InlineData("1000000.01", 30)]
    [InlineData("5000000", 30)]
    [InlineData("5000000.01", 40)]
    public void Revenue_tiers_are_strictly_greater_than(string? revenue, int points)
    {
        var r = revenue is null ? (decimal?)null : decimal.Parse(revenue, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(points, Part(LeadScore.Calculate(P(revenue: r), Now), "revenue"));
    }

    [Fact]
    public void Klaviyo_installed_adds_15() =>
        Assert.Equal(15, Part(LeadScore.Calculate(P(klaviyo: Now.AddYears(-1)), Now), "klaviyo"));

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(1001, 10)]
    public void More_than_1000_products_adds_10(int products, int points) =>
        Assert.Equal(points, Part(LeadScore.Calculate(P(products: products), Now), "catalogue"));

    [Theory]
    [InlineData("100", 0)]
    [InlineData("100.01", 5)]
    public void Average_price_over_100_adds_5(string price, int points) =>
        Assert.Equal(points, Part(LeadScore.Calculate(P(price: decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)), Now), "price"));

    [Theory]
    [InlineData("CA", "US", 20)]
    [InlineData(" ny ", "US", 20)]
    [InlineData("tx", null, 20)]
    [InlineData("FL", "US", 20)]
    [InlineData("OR", "US", 10)]
    [InlineData(null, " us", 10)]
    [InlineData(null, "GB", 5)]
    [InlineData(null, "ca", 5)]
    [InlineData(null, "AU", 5)]
    [InlineData(null, "DE", 0)]
    [InlineData(null, null, 0)]
    public void Geography_prefers_high_value_states_then_US_then_GB_CA_AU(string? state, string? country, int points) =>
        Assert.Equal(points, Part(LeadScore.Calculate(P(state: state, country: country), Now), "geography"));

    [Theory]
    [InlineData(8, 59, 0)]
    [InlineData(9, 0, 10)]
    [InlineData(16, 59, 10)]
    [InlineData(17, 0, 0)]
    public void Business_hours_are_9_to_17_local_time(int hour, int minute, int points)
    {
        // Wednesday 2026-06-17 in Europe/Berlin (UTC+2 in summer).
        var local = new DateTimeOffset(2026, 6, 17, hour, minute, 0, TimeSpan.FromHours(2));
        Assert.Equal(points, Part(LeadScore.Calculate(P(tz: "Europe/Berlin"), local), "timing"));
    }

    [Fact]
    public void Business_hours_use_the_leads_zone_not_utc()
    {
        // 15:00 UTC is 11:00 in New York (inside) and 00:00 next day in Tokyo (outside).
        Assert.Equal(10, Part(LeadScore.Calculate(P(tz: "America/New_York"), Now), "timing"));
        Assert.Equal(0, Part(LeadScore.Calculate(P(tz: "Asia/Tokyo"), Now), "timing"));
    }

    [Fact]
    public void Weekend_is_outside_business_hours()
    {
        var saturdayNoon = new DateTimeOffset(2026, 6, 20, 12, 0, 0, TimeSpan.FromHours(-4));
        var score = LeadScore.Calculate(P(tz: "America/New_York"), saturdayNoon);
        Assert.Equal(0, Part(score, "timing"));
        Assert.Contains("Sat", Assert.Single(score.Parts, p => p.Factor == "timing").Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("not a zone")]
    public void Unknown_or_invalid_time_zone_scores_0_without_throwing(string? tz)
    {
        var score = LeadScore.Calculate(P(tz: tz), Now);
        Assert.Equal(0, Part(score, "timing"));
    }

    [Fact]
    public void The_best_lead_scores_100_and_the_total_is_the_sum_of_parts()
    {
        var score = LeadScore.Calculate(P(6_000_000m, Now.AddDays(-10), 5000, 250m, "CA", "US", "America/New_York"), Now);
        Assert.Equal(100, score.Total);
        Assert.Equal(score.Parts.Sum(p => p.Points), score.Total);
        Assert.All(score.Parts, p => Assert.False(string.IsNullOrWhiteSpace(p.Reason)));
    }

    [Fact]
    public void An_empty_lead_scores_the_revenue_floor_only() =>
        Assert.Equal(10, LeadScore.Calculate(P(), Now).Total);
}
