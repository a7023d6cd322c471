using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Tests.Settings;

/// <summary>coldemail.campaigns as one routing rule: any number of campaigns, optional countries and states, no overlap.</summary>
public sealed class CampaignRoutingSettingsTests
{
    private static readonly Func<string, string?> NoEnv = _ => null;

    private static ColdEmailSettings Load(string text) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, Environment: NoEnv)).Settings;

    private const string Regional = """
        coldemail.campaigns.smb.countries = [us, " CA ", AU]
        coldemail.campaigns.smb-uk { id = "3d5e7f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f", min-revenue = null, max-revenue = 1000000, countries = [GB, IE], daily-limit = 20, sequence-length = 5 }
        coldemail.campaigns.midsize.max-revenue = 5000000
        coldemail.campaigns.enterprise { id = "4e6f8a01-2b3c-4d5e-9f0a-1b2c3d4e5f60", min-revenue = 5000000, max-revenue = null, states = [CA, NY], daily-limit = 10, sequence-length = 9 }
        """;

    [Fact]
    public void A_regional_campaign_and_a_third_revenue_band_route_every_lead_to_one_campaign()
    {
        var s = Load(Regional);
        var routing = s.Campaigns.Routing;

        Assert.Equal(["AU", "CA", "US"], s.Campaigns.Find("smb")!.Countries);
        Assert.Equal(["CA", "NY"], s.Campaigns.Find("enterprise")!.States);
        Assert.Equal("smb", routing.Route(10m, " us", null));
        Assert.Equal("smb", routing.Route(null, "CA", null)); // unknown revenue: the unknown-revenue campaign, in its region
        Assert.Equal("smb-uk", routing.Route(999_999.99m, "gb", null));
        Assert.Null(routing.Route(null, "GB", null));          // smb-uk does not take unknown revenue
        Assert.Null(routing.Route(10m, "DE", null));           // no campaign serves small German shops
        Assert.Equal("midsize", routing.Route(1_000_000m, "DE", "BY"));
        Assert.Equal("enterprise", routing.Route(5_000_000m, "US", " ny "));
        Assert.Null(routing.Route(5_000_000m, "US", "OH"));
        // The settings flatten (config show / diff) with their lists, and an unchanged load is no change.
        Assert.Contains(SettingsFlattener.Flatten(s), l => l.Key == "coldemail.campaigns.smb.countries" && l.Value == "[AU, CA, US]");
        Assert.Empty(SettingsDiff.Between(s, Load(Regional)).Changes);
    }

    [Fact]
    public void Overlapping_ranges_and_regions_are_refused_naming_both_campaigns_and_their_keys()
    {
        // smb-uk now overlaps smb: both take small shops and smb serves every country.
        var e = Assert.Throws<SettingsException>(() => Load(Regional.Replace("coldemail.campaigns.smb.countries = [us, \" CA \", AU]", "", StringComparison.Ordinal)));

        var error = Assert.Single(e.Errors);
        Assert.Equal("coldemail.campaigns.smb-uk", error.Key);
        Assert.Contains("campaigns smb ([-inf, 1,000,000) and unknown revenue, any region) and smb-uk ([-inf, 1,000,000), countries GB, IE) overlap", error.Message, StringComparison.Ordinal);
        Assert.Contains("coldemail.campaigns.smb.{min-revenue, max-revenue, countries, states}", error.Message, StringComparison.Ordinal);
        Assert.Contains("coldemail.campaigns.smb-uk.{min-revenue, max-revenue, countries, states}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_revenue_with_disjoint_states_is_allowed_and_a_shared_state_is_not()
    {
        const string west = """
            coldemail.campaigns.midsize.states = [TX, FL]
            coldemail.campaigns.midsize-west { id = "5f7a9b12-3c4d-4e5f-8a9b-2c3d4e5f6a71", min-revenue = 1000000, max-revenue = null, states = [CA, OR], daily-limit = 10, sequence-length = 7 }
            """;
        Assert.Equal("midsize-west", Load(west).Campaigns.Routing.Route(2_000_000m, "US", "CA"));

        var e = Assert.Throws<SettingsException>(() => Load(west.Replace("[TX, FL]", "[TX, CA]", StringComparison.Ordinal)));
        var message = Assert.Single(e.Errors).Message;
        Assert.Contains("campaigns midsize ([1,000,000, +inf), states CA, TX) and midsize-west ([1,000,000, +inf), states CA, OR) overlap", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_campaign_name_that_cannot_stand_in_sql_is_refused()
    {
        var e = Assert.Throws<SettingsException>(() => Load("""
            coldemail.campaigns.smb.enabled = off
            coldemail.campaigns."o'brien" { id = "3d5e7f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f", min-revenue = null, max-revenue = 1000000, daily-limit = 20, sequence-length = 5 }
            coldemail.routing.unknown-revenue-campaign = midsize
            """));
        Assert.Contains(e.Errors, x => x.Key == "coldemail.campaigns.o'brien" && x.Message.Contains("letters, digits", StringComparison.Ordinal));
    }
}
