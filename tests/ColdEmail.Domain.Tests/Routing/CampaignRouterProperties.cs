using ColdEmail.Domain.Routing;
using CsCheck;

namespace ColdEmail.Domain.Tests.Routing;

public class CampaignRouterProperties
{
    // Arbitrary tilings: sorted distinct thresholds cut the line into consecutive campaigns.
    private static readonly Gen<CampaignRouter> GenRouter =
        Gen.Decimal[-1_000_000_000m, 1_000_000_000m].Array[0, 6]
            .Select(cuts =>
            {
                var thresholds = cuts.Select(c => decimal.Round(c, 2)).Distinct().Order().ToArray();
                var campaigns = new List<CampaignDefinition>();
                for (var i = 0; i <= thresholds.Length; i++)
                    campaigns.Add(new CampaignDefinition(
                        $"C{i}", null,
                        i == 0 ? null : thresholds[i - 1],
                        i == thresholds.Length ? null : thresholds[i],
                        10, 5));
                campaigns.Reverse(); // order of configuration must not matter
                return new CampaignRouter(campaigns, "C0");
            });

    private static readonly Gen<decimal?> GenRevenue = Gen.OneOf(
        Gen.Const((decimal?)null),
        Gen.Decimal.Select(d => (decimal?)d),
        Gen.Decimal[-2_000_000_000m, 2_000_000_000m].Select(d => (decimal?)decimal.Round(d, 2)));

    [Fact]
    public void Routing_is_total_and_picks_the_one_campaign_whose_range_holds_the_revenue() =>
        Gen.Select(GenRouter, GenRevenue).Sample((router, revenue) =>
        {
            var decision = router.Route(revenue);
            Assert.NotNull(decision.Campaign);
            Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
            if (revenue is { } r && r >= 0)
            {
                Assert.True(decision.Campaign!.Contains(r));
                Assert.Single(router.Campaigns, c => c.Contains(r));
            }
            else
            {
                Assert.Equal("C0", decision.Campaign!.Name);
            }
        });

    [Fact]
    public void Routing_is_deterministic() =>
        Gen.Select(GenRouter, GenRevenue).Sample((router, revenue) =>
            Assert.Equal(router.Route(revenue), router.Route(revenue)));
}
