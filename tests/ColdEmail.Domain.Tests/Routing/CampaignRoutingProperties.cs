using ColdEmail.Domain.Routing;
using CsCheck;

namespace ColdEmail.Domain.Tests.Routing;

public class CampaignRoutingProperties
{
    private static readonly Gen<string?> Code = Gen.OneOfConst<string?>(null, "", "US", " us ", "GB", "CA", "DE", "NY", "TX");

    private static readonly Gen<(decimal?, decimal?, bool, string[], string[])> Route =
        Gen.Select(Gen.OneOfConst<decimal?>(null, 0m, 500_000m, 1_000_000m, 5_000_000m), Gen.OneOfConst<decimal?>(null, 500_000m, 1_000_000m, 5_000_000m, 9_000_000m),
                Gen.Bool, Gen.OneOfConst("US", "GB", "CA", "DE").Array[0, 2], Gen.OneOfConst("NY", "TX", "CA").Array[0, 2]);

    private static readonly Gen<CampaignRouting> Routing = Gen.Select(Gen.Int[0, 1_000_000], Route.Array[1, 5]).Select((seed, routes) =>
        new CampaignRouting(routes.Select((r, i) => new CampaignRoute($"c{i}", r.Item1, r.Item2, r.Item3, r.Item4, r.Item5))));

    [Fact]
    public void A_routing_without_conflicts_gives_every_lead_at_most_one_campaign_and_a_conflict_is_a_lead_with_two()
    {
        Gen.Select(Routing, Gen.OneOfConst<decimal?>(null, -1m, 0m, 499_999.99m, 500_000m, 999_999.99m, 1_000_000m, 5_000_000m, 20_000_000m), Code, Code)
            .Sample((routing, revenue, country, state) =>
            {
                var known = revenue is < 0 ? null : revenue;
                var matches = routing.Routes.Where(r => r.Matches(known, country, state)).Select(r => r.Name).ToList();
                if (matches.Count > 1)
                    Assert.Contains(routing.Conflicts(), c => matches.Contains(c.First.Name) && matches.Contains(c.Second.Name));
                Assert.Equal(matches.Count == 0 ? null : matches[0], routing.Route(revenue, country, state));
            });
    }

    [Fact]
    public void Ranges_are_half_open_and_negative_revenue_is_unknown()
    {
        var r = CampaignRouting.Default;
        Assert.Equal("smb", r.Route(999_999.99m, null, null));
        Assert.Equal("midsize", r.Route(1_000_000m, null, null));
        Assert.Equal("smb", r.Route(-1m, null, null));
        Assert.Equal("smb", r.Route(null, null, null));
        Assert.Empty(r.Conflicts());
    }

    [Fact]
    public void Regions_compare_trimmed_and_upper_case_and_empty_lists_mean_any()
    {
        var uk = new CampaignRoute("uk", null, null, countries: [" gb", "ie"], states: []);
        Assert.Equal(["GB", "IE"], uk.Countries);
        Assert.True(uk.Matches(10m, "Gb\t", "anything"));
        Assert.False(uk.Matches(10m, null, null));
        Assert.False(uk.Matches(null, "GB", null)); // unknown revenue only where the route takes it
        Assert.Equal("countries GB, IE", uk.RegionText);
    }
}
