using ColdEmail.Domain.Routing;
using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.Supervision;

/// <summary>The supervisor as the daemon composes it (every component registered by its own <c>With…</c>), driven through its messages.</summary>
public sealed class PipelineSupervisorTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private PipelineWorld _world = null!;
    private PipelineHost? _host;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(0);

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _world.DisposeAsync();
    }

    private PipelineOptions Options => new()
    {
        Campaigns = [_world.Smb(), _world.Midsize()],
        RateLimiter = new RateLimiterOptions { RequestsPerSecond = 10, RequestsPerMinute = 0 },
    };

    private async Task<IActorRef> Supervisor()
    {
        _host = await PipelineHost.StartAsync(Options, _world.Client, _world.Warehouse, _world.Clock);
        return _host.Registry.Get<PipelineSupervisor>();
    }

    private static Task<PipelineRefs> Refs(IActorRef supervisor) => supervisor.Ask<PipelineRefs>(GetPipelineRefs.Instance, Wait);

    [Fact]
    public async Task Starts_one_campaign_actor_per_campaign_the_gateway_and_the_drain()
    {
        var refs = await Refs(await Supervisor());
        Assert.Equal(["Midsize", "SMB"], refs.Campaigns.Keys.Order());
        Assert.Equal(CircuitState.Closed, (await refs.Gateway.Ask<CircuitStatus>(GetCircuitStatus.Instance, Wait)).State);
        Assert.Equal("SMB", (await refs.Campaigns["SMB"].Ask<LedgerStatus>(GetLedgerStatus.Instance, Wait)).Campaign);
    }

    [Fact]
    public async Task Valid_settings_reach_the_running_gateway_and_new_campaigns_start()
    {
        var supervisor = await Supervisor();
        var refs = await Refs(supervisor);
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await refs.Gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, Wait)).CurrentDelay);

        // A third campaign takes the top of Midsize's range: every campaign gets the new routing.
        var routing = new CampaignRouting([
            new CampaignRoute("SMB", null, 1_000_000m, takesUnknownRevenue: true),
            new CampaignRoute("Midsize", 1_000_000m, 50_000_000m),
            new CampaignRoute("Enterprise", 50_000_000m, null),
        ]);
        var third = new CampaignOptions { Name = "Enterprise", InstantlyCampaignId = "x", Routing = routing };
        var applied = await supervisor.Ask<SettingsApplied>(new ApplyPipelineSettings(Options with
        {
            RateLimiter = new RateLimiterOptions { RequestsPerSecond = 50, RequestsPerMinute = 0 },
            Campaigns = [_world.Smb() with { Routing = routing }, _world.Midsize() with { Routing = routing }, third],
        }), Wait);
        Assert.True(applied.Accepted);

        // The gateway takes the settings from its own mailbox: ask until its answer shows them.
        var delay = TimeSpan.Zero;
        for (var attempt = 0; attempt < 50 && delay != TimeSpan.FromMilliseconds(20); attempt++)
            delay = (await refs.Gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, Wait)).CurrentDelay;
        Assert.Equal(TimeSpan.FromMilliseconds(20), delay);
        Assert.Contains("Enterprise", (await Refs(supervisor)).Campaigns.Keys);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_the_reason_and_the_old_ones_stay()
    {
        var supervisor = await Supervisor();
        var answer = await supervisor.Ask<SettingsApplied>(new ApplyPipelineSettings(Options with { Sync = new SyncOptions { BatchSize = 5000 } }), Wait);
        Assert.False(answer.Accepted);
        Assert.Contains("BatchSize", answer.Error);
        var refs = await Refs(supervisor);
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await refs.Gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, Wait)).CurrentDelay);
    }

    [Fact]
    public async Task A_campaign_removed_from_the_configuration_is_retired_by_the_catalog_and_its_actor_stops()
    {
        var supervisor = await Supervisor();
        var midsize = (await Refs(supervisor)).Campaigns["Midsize"];
        var stopped = midsize.WatchAsync();

        // The answer comes once the catalog has passed the change on; the stop can take seconds on a loaded CI machine.
        var applied = await supervisor.Ask<SettingsApplied>(new ApplyPipelineSettings(Options with { Campaigns = [_world.Smb()] }), Wait);
        Assert.True(applied.Accepted);
        Assert.True(await stopped.WaitAsync(Wait));
        Assert.Equal(["SMB"], (await Refs(supervisor)).Campaigns.Keys);
        Assert.Equal(["SMB"], (await supervisor.Ask<CatalogStatus>(GetCatalogStatus.Instance, Wait)).Campaigns);
    }

    [Fact]
    public async Task A_start_order_still_queued_when_settings_drop_its_campaign_neither_restarts_the_supervisor_nor_keeps_the_campaign()
    {
        var supervisor = await Supervisor();
        var midsize = (await Refs(supervisor)).Campaigns["Midsize"];
        var stopped = midsize.WatchAsync();

        // The catalog's start order for Midsize (sent when it started) reaches the supervisor after the settings that drop
        // Midsize and before the catalog's retire order: what a loaded machine did in CI.
        var applied = supervisor.Ask<SettingsApplied>(new ApplyPipelineSettings(Options with { Campaigns = [_world.Smb()] }), Wait);
        supervisor.Tell(new StartCampaign(_world.Midsize(), Options.Sync));

        Assert.True((await applied).Accepted);
        Assert.True(await stopped.WaitAsync(Wait));
        Assert.Equal(["SMB"], (await Refs(supervisor)).Campaigns.Keys);
    }
}
