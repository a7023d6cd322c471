using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.OpsSupport;

/// <summary>
/// The real sandbox on loopback, the real HTTP client, the gateway actor in front of it (limiter off,
/// breaker on the virtual scheduler) and its <see cref="IInstantlyApi"/> facade, plus a DuckDB file.
/// The sandbox's simulated clock is the business clock of everything under test.
/// </summary>
public abstract class SandboxGatewayTestKit() : TestKit(VirtualTimeConfig.Hocon), IAsyncLifetime
{
    private InstantlyHttpClient _client = null!;
    private OpsWarehouse _warehouse = null!;

    protected SandboxServer Sandbox { get; private set; } = null!;
    /// <summary>The raw HTTP client (what the daemon hands the supervisor, which puts its own gateway in front).</summary>
    protected IInstantlyApi Client => _client;
    protected IInstantlyApi Api { get; private set; } = null!;
    protected DuckDbWarehouseHandle Warehouse => new(_warehouse.Warehouse);
    protected SimulatedClock Clock { get; private set; } = null!;
    protected TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;
    protected virtual IReadOnlyList<CampaignSpec> Campaigns => [new("SMB", 50, 5), new("Midsize", 30, 7)];

    /// <summary>
    /// <c>POST /api/v2/leads</c> with the misnamed <c>campaign_id</c> (the real field is <c>campaign</c>): in the
    /// non-strict sandbox, as on the real API, the field is dropped and the lead lands in no campaign.
    /// </summary>
    protected async Task<string> CreateCampaignlessLeadAsync(string email, string campaignId)
    {
        using var http = new HttpClient { BaseAddress = Sandbox.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Sandbox.ApiKey);
        using var response = await http.PostAsync("api/v2/leads",
            new StringContent($$"""{"email":"{{email}}","campaign_id":"{{campaignId}}"}""", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Adds leads to a campaign through the gateway (bulk add) and returns their Instantly ids by email.</summary>
    protected async Task<IReadOnlyDictionary<string, string>> AddLeadsAsync(string campaignName, params string[] emails)
    {
        var result = await Api.AddLeadsAsync(new BulkAddRequest(Sandbox.CampaignIds[campaignName], emails.Select(e => new NewLead(e)).ToList()));
        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(emails.Length, result.Value.CreatedLeads.Count);
        return result.Value.CreatedLeads.ToDictionary(c => emails[c.Index], c => c.Id);
    }

    public async Task InitializeAsync()
    {
        Clock = new SimulatedClock();
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RateLimits = RateLimitOptions.Off,
            SaveOnStop = false,
            TimeProvider = Clock,
            Campaigns = Campaigns,
        });
        _client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = Sandbox.BaseAddress, ApiKey = Sandbox.ApiKey });
        var gateway = Sys.ActorOf(InstantlyGatewayActor.Props(_client, new RateLimiterOptions { Enabled = false }, new CircuitBreakerOptions()));
        Api = new GatewayInstantlyApi(gateway, Sys.Scheduler);
        _warehouse = await OpsWarehouse.CreateAsync(Clock);
    }

    public virtual async Task DisposeAsync()
    {
        _client.Dispose();
        await Sandbox.DisposeAsync();
        await _warehouse.DisposeAsync();
    }
}

/// <summary>The DuckDB adapter seen through both ports.</summary>
public sealed record DuckDbWarehouseHandle(ColdEmail.Warehouse.DuckDb.DuckDbLeadWarehouse Adapter)
{
    public ColdEmail.Warehouse.ILeadWarehouse Leads => Adapter;
    public ColdEmail.Warehouse.IOpsWarehouse Ops => Adapter;
}
