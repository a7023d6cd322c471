using ColdEmail.Cli.Planning;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse.DuckDb;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>`plan`'s orphan section: orphan recovery's dry run against the sandbox and a temp DuckDB file; nothing is written.</summary>
public sealed class PlanOrphansTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "coldemail-plan-orphans", Guid.NewGuid().ToString("N"));
    private readonly SimulatedClock _clock = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
    private SandboxServer _sandbox = null!;
    private InstantlyHttpClient _client = null!;
    private DuckDbLeadWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false, TimeProvider = _clock });
        _client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = _sandbox.BaseAddress, ApiKey = _sandbox.ApiKey, Timeout = TimeSpan.FromSeconds(20) });
        _warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(_dir, "warehouse.duckdb"), TimeProvider: _clock));
        await _warehouse.EnsureSchemaAsync();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
        await _warehouse.DisposeAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still mapped is left for the OS temp cleaner.
        }
    }

    private Dictionary<string, string> Ids => new(StringComparer.OrdinalIgnoreCase)
    {
        ["smb"] = _sandbox.CampaignIds["SMB"],
        ["midsize"] = _sandbox.CampaignIds["Midsize"],
    };

    private Task<Plan> PlanAsync(ColdEmailSettings settings) =>
        new Planner(settings, _warehouse, _client, Ids, _clock).BuildAsync(100, CancellationToken.None);

    [Fact]
    public async Task An_untracked_lead_in_our_campaign_is_listed_for_adoption_and_nothing_is_written()
    {
        var created = await _client.CreateLeadAsync(new CreateLeadRequest(_sandbox.CampaignIds["SMB"], new NewLead("stray@shop-two.com")));
        Assert.True(created.IsSuccess, created.Error?.ToString());

        var plan = await PlanAsync(ColdEmailSettings.Defaults);

        var entry = Assert.Single(plan.Orphans);
        Assert.Equal("stray@shop-two.com", entry.Email);
        Assert.True(entry.Action == "adopt", entry.Reason);
        Assert.Equal("smb", entry.Campaign);
        Assert.Equal(1, plan.OrphanActions["adopt"]);
        // A dry run: still untracked, still in the sandbox once.
        Assert.Empty((await _warehouse.ExplainAsync("stray@shop-two.com")).States);
        Assert.Single(_sandbox.State.FindByEmail("stray@shop-two.com"));
        Assert.Single((await PlanAsync(ColdEmailSettings.Defaults)).Orphans);
    }

    [Fact]
    public async Task With_orphan_recovery_off_no_orphans_are_listed()
    {
        var created = await _client.CreateLeadAsync(new CreateLeadRequest(_sandbox.CampaignIds["SMB"], new NewLead("stray@shop-two.com")));
        Assert.True(created.IsSuccess, created.Error?.ToString());
        var s = ColdEmailSettings.Defaults;

        var plan = await PlanAsync(s with { FeatureFlags = s.FeatureFlags with { OrphanRecoveryEnabled = false } });

        Assert.Empty(plan.Orphans);
    }

    [Fact]
    public async Task A_removal_that_is_off_is_listed_as_report_not_review()
    {
        // A lead we enrolled lost its campaign; workspace scope is on but releasing is not.
        using var http = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _sandbox.ApiKey);
        using var response = await http.PostAsync("api/v2/leads", new StringContent("""{"email":"lost@shop-three.com"}""", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        await _warehouse.UpsertLeadStatesAsync([new Warehouse.LeadStateRow("lost@shop-three.com", _sandbox.CampaignIds["SMB"], "smb", Domain.Leads.LeadState.Active, id, 1, "enrolled", _clock.GetUtcNow())]);
        var s = ColdEmailSettings.Defaults;

        var plan = await PlanAsync(s with { Orphans = s.Orphans with { WorkspaceScope = true } });

        var entry = Assert.Single(plan.Orphans);
        Assert.Equal("report", entry.Action);
        Assert.Contains("coldemail.orphans.release", entry.Reason);
        Assert.NotNull(_sandbox.State.FindById(id));
    }
}
