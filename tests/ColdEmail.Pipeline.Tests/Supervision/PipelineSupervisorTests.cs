using ColdEmail.Domain.Routing;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.Supervision;

public sealed class PipelineSupervisorTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(0);

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private PipelineOptions Options => new()
    {
        Campaigns = [_world.Smb(), _world.Midsize()],
        RateLimiter = new RateLimiterOptions { RequestsPerSecond = 10, RequestsPerMinute = 0 },
    };

    private IActorRef Supervisor() =>
        Sys.ActorOf(PipelineSupervisor.Props(Options, _world.Client, _world.Warehouse, _world.Clock, new LoggingRunNotifier()));

    private PipelineRefs Refs(IActorRef supervisor)
    {
        supervisor.Tell(GetPipelineRefs.Instance);
        return ExpectMsg<PipelineRefs>();
    }

    [Fact]
    public void Starts_one_campaign_actor_per_campaign_the_gateway_and_the_drain()
    {
        var refs = Refs(Supervisor());
        Assert.Equal(["Midsize", "SMB"], refs.Campaigns.Keys.Order());
        refs.Gateway.Tell(GetCircuitStatus.Instance);
        Assert.Equal(CircuitState.Closed, ExpectMsg<CircuitStatus>().State);
        refs.Campaigns["SMB"].Tell(GetLedgerStatus.Instance);
        Assert.Equal("SMB", ExpectMsg<LedgerStatus>().Campaign);
    }

    [Fact]
    public void Valid_settings_reach_the_running_gateway_and_new_campaigns_start()
    {
        var supervisor = Supervisor();
        var refs = Refs(supervisor);
        refs.Gateway.Tell(GetRateLimiterStatus.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(100), ExpectMsg<RateLimiterStatus>().CurrentDelay);

        // A third campaign takes the top of Midsize's range: every campaign gets the new routing.
        var routing = new CampaignRouting([
            new CampaignRoute("SMB", null, 1_000_000m, takesUnknownRevenue: true),
            new CampaignRoute("Midsize", 1_000_000m, 50_000_000m),
            new CampaignRoute("Enterprise", 50_000_000m, null),
        ]);
        var third = new CampaignOptions { Name = "Enterprise", InstantlyCampaignId = "x", Routing = routing };
        supervisor.Tell(new ApplyPipelineSettings(Options with
        {
            RateLimiter = new RateLimiterOptions { RequestsPerSecond = 50, RequestsPerMinute = 0 },
            Campaigns = [_world.Smb() with { Routing = routing }, _world.Midsize() with { Routing = routing }, third],
        }));
        Assert.True(ExpectMsg<SettingsApplied>().Accepted);

        AwaitAssert(() =>
        {
            refs.Gateway.Tell(GetRateLimiterStatus.Instance);
            Assert.Equal(TimeSpan.FromMilliseconds(20), ExpectMsg<RateLimiterStatus>().CurrentDelay);
        });
        Assert.Contains("Enterprise", Refs(supervisor).Campaigns.Keys);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_the_reason_and_the_old_ones_stay()
    {
        var supervisor = Supervisor();
        supervisor.Tell(new ApplyPipelineSettings(Options with { Sync = new SyncOptions { BatchSize = 5000 } }));
        var answer = ExpectMsg<SettingsApplied>();
        Assert.False(answer.Accepted);
        Assert.Contains("BatchSize", answer.Error);
        var refs = Refs(supervisor);
        refs.Gateway.Tell(GetRateLimiterStatus.Instance);
        Assert.Equal(TimeSpan.FromMilliseconds(100), ExpectMsg<RateLimiterStatus>().CurrentDelay);
    }

    [Fact]
    public void A_campaign_removed_from_the_configuration_is_retired_by_the_catalog_and_its_actor_stops()
    {
        var supervisor = Supervisor();
        var midsize = Refs(supervisor).Campaigns["Midsize"];
        Watch(midsize);

        supervisor.Tell(new ApplyPipelineSettings(Options with { Campaigns = [_world.Smb()] }));
        // The answer comes once the catalog has passed the change on, so the stop may arrive first.
        var answers = ReceiveN(2, TimeSpan.FromSeconds(15)); // the catalog's stop can take seconds on a loaded CI machine
        Assert.Contains(answers, m => m is SettingsApplied { Accepted: true });
        Assert.Contains(answers, m => m is Terminated t && t.ActorRef.Equals(midsize));
        Assert.Equal(["SMB"], Refs(supervisor).Campaigns.Keys);
        supervisor.Tell(GetCatalogStatus.Instance);
        Assert.Equal(["SMB"], ExpectMsg<CatalogStatus>().Campaigns);
    }
}
