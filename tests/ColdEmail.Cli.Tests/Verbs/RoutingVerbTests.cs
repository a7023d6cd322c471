using System.Text.Json;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>A third campaign and a regional one: `plan` and `explain` route with the same rule the sync reads by.</summary>
public sealed class RoutingVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new("""
        coldemail.campaigns.smb.countries = [US, CA]
        coldemail.campaigns.smb-uk { id = "3d5e7f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f", min-revenue = null, max-revenue = 1000000, countries = [GB], daily-limit = 20, sequence-length = 5 }
        coldemail.campaigns.midsize.max-revenue = 5000000
        coldemail.campaigns.enterprise { id = "4e6f8a01-2b3c-4d5e-9f0a-1b2c3d4e5f60", min-revenue = 5000000, max-revenue = null, daily-limit = 10, sequence-length = 9 }
        coldemail.feature-flags.orphan-recovery-enabled = off
        """);

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Plan_and_explain_give_each_lead_its_configured_campaign()
    {
        await using (var warehouse = await _ws.OpenWarehouseAsync())
        {
            EligibleLeadRow Lead(string email, decimal? revenue, string country) =>
                new(email, "Shop", "shop.myshopify.com", "shop.com", null, country, revenue, 5, 10, 20m, null, null);
            await warehouse.LoadEligibleLeadsAsync([
                Lead("us@x.com", 10m, "US"), Lead("uk@x.com", 10m, "gb"), Lead("de@x.com", 10m, "DE"),
                Lead("mid@x.com", 4_999_999.99m, "DE"), Lead("big@x.com", 5_000_000m, "GB"),
            ]);
        }

        var plan = await _ws.RunAsync("plan", "--no-instantly", "--json");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        using var doc = JsonDocument.Parse(plan.Out);
        var campaigns = doc.RootElement.GetProperty("sync").EnumerateArray()
            .ToDictionary(e => e.GetProperty("email").GetString()!, e => (Campaign: e.GetProperty("campaign").GetString(), Action: e.GetProperty("action").GetString()));

        Assert.Equal(("smb", "add"), campaigns["us@x.com"]);
        Assert.Equal(("smb-uk", "add"), campaigns["uk@x.com"]);
        Assert.Equal(((string?)null, "skip"), campaigns["de@x.com"]);
        Assert.Equal(("midsize", "add"), campaigns["mid@x.com"]);
        Assert.Equal(("enterprise", "add"), campaigns["big@x.com"]);

        var explain = await _ws.RunAsync("explain", "BIG@x.com");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("campaign: enterprise", explain.Out);
        var nowhere = await _ws.RunAsync("explain", "de@x.com");
        Assert.Contains("campaign: none (no enabled campaign's revenue range and region hold this lead)", nowhere.Out);
    }
}
