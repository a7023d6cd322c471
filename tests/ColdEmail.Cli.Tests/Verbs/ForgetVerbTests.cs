using ColdEmail.Domain.Routing;
using System.Text.Json;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>`forget` and `explain` for an erased person, against a simulator standing in for the configured workspace and a DuckDB file.</summary>
public sealed class ForgetVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static EligibleLeadRow Row(string email) =>
        new(email, "Acme", "acme.myshopify.com", "acme.com", "CA", "US", 250_000m, 5, 10, 20m, null, "America/New_York");

    private async Task<SandboxServer> StartWorkspaceWithAForeignCampaignAsync()
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RateLimits = RateLimitOptions.Off,
            SaveOnStop = false,
            TimeProvider = TimeProvider.System,
            Campaigns = [new("SMB", 50, 5), new("Midsize", 30, 7), new("Other team", 30, 3)],
        });
        _ws.Environment["INSTANTLY_API_KEY"] = sandbox.ApiKey;
        // Only SMB and Midsize are ours; "Other team" is another team's campaign in the same workspace.
        _ws.WriteConfig($$"""
            coldemail.instantly.base-url = "{{sandbox.BaseAddress}}"
            coldemail.campaigns.smb.id = "{{sandbox.CampaignIds["SMB"]}}"
            coldemail.campaigns.midsize.id = "{{sandbox.CampaignIds["Midsize"]}}"
            """);
        return sandbox;
    }

    [Fact]
    public async Task Forget_deletes_the_person_from_our_campaigns_only_erases_the_warehouse_and_a_later_import_stays_excluded()
    {
        await using var sandbox = await StartWorkspaceWithAForeignCampaignAsync();
        var smb = sandbox.CampaignIds["SMB"];
        var other = sandbox.CampaignIds["Other team"];
        using (var api = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey }))
        {
            Assert.True((await api.AddLeadsAsync(new BulkAddRequest(smb, [new NewLead("jane@acme.com"), new NewLead("bob@acme.com")], SkipIfInWorkspace: false))).IsSuccess);
            Assert.True((await api.AddLeadsAsync(new BulkAddRequest(other, [new NewLead("jane@acme.com")], SkipIfInWorkspace: false))).IsSuccess);
        }
        sandbox.State.AddListLeads(Guid.NewGuid().ToString(), ["jane@acme.com"]);
        var janeInSmb = sandbox.State.FindByEmail("jane@acme.com").Single(l => l.CampaignId == smb);
        await using (var wh = await _ws.OpenWarehouseAsync())
        {
            await wh.LoadEligibleLeadsAsync([Row(" Jane@Acme.com"), Row("bob@acme.com")]);
            await wh.UpsertLeadStatesAsync([new LeadStateRow("jane@acme.com", smb, "SMB", LeadState.Active, janeInSmb.Id, 1, null, DateTimeOffset.UtcNow.AddDays(-3))]);
            await wh.AddSuppressionsAsync([new Suppression("jane@acme.com", "unsubscribed", DateTimeOffset.UtcNow.AddDays(-1))]);
        }

        var forget = await _ws.RunAsync("forget", "JANE@acme.com ");

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.DoesNotContain("jane", forget.Out + forget.Err, StringComparison.OrdinalIgnoreCase); // never echoes the address
        Assert.Contains($"sha256 {EmailIdentity.Sha256Hex("jane@acme.com")[..12]}", forget.Out);
        Assert.Contains("1 lead(s) deleted from our campaigns", forget.Out);
        Assert.Contains("2 lead(s) left alone, not ours", forget.Out);
        // Instantly: gone from our campaign; the other team's campaign and the lead list are untouched; bob stays.
        var left = sandbox.State.FindByEmail("jane@acme.com");
        Assert.DoesNotContain(left, l => l.CampaignId == smb);
        Assert.Contains(left, l => l.CampaignId == other);
        Assert.Contains(left, l => l.CampaignId is null && l.ListId is not null);
        Assert.Single(sandbox.State.FindByEmail("bob@acme.com"));

        var explain = await _ws.RunAsync("explain", "jane@acme.com");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.Contains("erased: this person was forgotten", explain.Out);
        var json = await _ws.RunAsync("explain", "jane@acme.com", "--json");
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var d = doc.RootElement;
            Assert.True(d.GetProperty("erased").GetBoolean());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("eligible").ValueKind);
            Assert.Equal(0, d.GetProperty("states").GetArrayLength());
            Assert.Equal(JsonValueKind.Null, d.GetProperty("suppression").ValueKind);
        }

        // The customer's next import brings the address back: it is excluded as erased, and sync would not pick it.
        await using (var wh = await _ws.OpenWarehouseAsync())
        {
            await wh.LoadEligibleLeadsAsync([Row("jane@acme.com\u00a0")]);
            var ready = new List<string>();
            await foreach (var p in wh.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null)))
            {
                ready.Add(p.Email);
            }
            Assert.Equal(["bob@acme.com"], ready);
        }
        var again = await _ws.RunAsync("explain", "jane@acme.com");
        Assert.Contains("excluded — erased", again.Out);

        var twice = await _ws.RunAsync("forget", "jane@acme.com");
        Assert.True(twice.ExitCode == 0, twice.ToString());
        Assert.Contains("0 lead(s) deleted from our campaigns", twice.Out);
    }

    [Fact]
    public async Task Forget_refuses_something_that_is_not_an_address_and_touches_nothing()
    {
        var r = await _ws.RunAsync("forget", "jane\u200b@acme.com");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(EmailIdentity.WhiteSpaceReason, r.Err);
    }
}
