using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Domain.Throttling;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Tests.Hosting;

/// <summary>
/// The pipeline composed one component at a time with its <c>With…</c> registration (as the daemon does through
/// <see cref="PipelineHosting.AddColdEmailPipeline"/>): each component is in the ActorRegistry under its key, reachable through
/// <see cref="IRequiredActor{TActor}"/>, and is the component it claims to be (it answers its own questions); the services
/// come from DI; a missing required service stops the start with an error naming it.
/// </summary>
public sealed class ComponentRegistrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(0);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private PipelineOptions Options => new()
    {
        Campaigns = [_world.Smb(), _world.Midsize()],
        RateLimiter = new RateLimiterOptions { RequestsPerSecond = 10, RequestsPerMinute = 0 },
        Ops = new() { AutoScale = new() { FixedMultiplier = 4.25 } },
    };

    private static void Compose(AkkaConfigurationBuilder akka, PipelineOptions options) => akka
        .WithColdEmailProtocol()
        .WithInstantlyGateway(options)
        .WithPipelineOps(options)
        .WithDrain(options)
        .WithCampaigns(options)
        .WithCampaignCatalog(options);

    private static Task<IActorRef> Required<T>(PipelineHost host) =>
        host.Host.Services.GetRequiredService<IRequiredActor<T>>().GetAsync();

    [Fact]
    public async Task Every_component_is_registered_under_its_key_and_answers_as_itself()
    {
        var options = Options;
        await using var host = await PipelineHost.StartAsync(options, _world.Client, _world.Warehouse, _world.Clock, akka => Compose(akka, options));

        var gateway = await Required<InstantlyGatewayActor>(host);
        Assert.Equal(CircuitState.Closed, (await gateway.Ask<CircuitStatus>(GetCircuitStatus.Instance, Wait)).State);
        // The configured 10 requests/s reached the gateway's limiter: 100 ms between requests.
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, Wait)).CurrentDelay);

        var drain = await Required<DrainCoordinator>(host);
        Assert.Empty((await drain.Ask<DrainJournalStatus>(GetDrainJournalStatus.Instance, Wait)).Open);

        var catalog = await Required<CampaignCatalog>(host);
        Assert.Equal(["Midsize", "SMB"], (await catalog.Ask<CatalogStatus>(GetCatalogStatus.Instance, Wait)).Campaigns);

        // The supervisor hands out the same gateway and drain the registry holds, and one campaign actor per configured campaign.
        var supervisor = await Required<PipelineSupervisor>(host);
        var refs = await supervisor.Ask<PipelineRefs>(GetPipelineRefs.Instance, Wait);
        Assert.Equal(gateway, refs.Gateway);
        Assert.Equal(drain, refs.Drain);
        Assert.Equal("SMB", (await refs.Campaigns["SMB"].Ask<LedgerStatus>(GetLedgerStatus.Instance, Wait)).Campaign);

        // The DuckDB warehouse has the ops port: the performance capture runs and answers a capture with the configured campaigns.
        var performance = await Required<PerformanceActor>(host);
        var snapshot = await performance.Ask<PerformanceSnapshot>(CapturePerformance.Instance, Wait);
        Assert.Equal(2, snapshot.RowsWritten);
    }

    [Fact]
    public async Task The_actors_services_come_from_DI_and_the_keyed_Instantly_is_the_gateway_not_the_raw_client()
    {
        var options = Options;
        await using var host = await PipelineHost.StartAsync(options, _world.Client, _world.Warehouse, _world.Clock, akka => Compose(akka, options));
        var services = host.Host.Services;

        var paced = services.GetRequiredKeyedService<IInstantlyApi>(PipelineServiceRegistration.GatewayKey);
        Assert.IsType<GatewayInstantlyApi>(paced);
        Assert.Same(_world.Client, services.GetRequiredService<IInstantlyApi>());
        // A call through the keyed facade reaches the sandbox by way of the registered gateway.
        Assert.True((await paced.ListCampaignsAsync()).IsSuccess);
        // The multiplier and the verifier the campaigns take are the node's one ops instance (the verifier's tally is shared).
        var ops = services.GetRequiredService<ColdEmail.Pipeline.Ops.OpsServices>();
        Assert.Same(ops.Multiplier, services.GetRequiredService<IInventoryMultiplierSource>());
        Assert.Same(ops.Verifier, services.GetRequiredService<IEmailVerifier>());
        // WithPipelineOps applied the configured settings (the default is 3.5).
        Assert.Equal(4.25, (await ops.Multiplier.CurrentAsync()).Value);
    }

    [Fact]
    public async Task A_missing_warehouse_stops_the_start_with_an_error_naming_it()
    {
        var options = Options;
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PipelineHost.StartAsync(options, _world.Client, warehouse: null, _world.Clock, akka => Compose(akka, options)));
        Assert.Contains("ILeadWarehouse", Flatten(error));
    }

    [Fact]
    public async Task A_missing_Instantly_adapter_stops_the_start_with_an_error_naming_it_and_the_gateway()
    {
        var options = Options;
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PipelineHost.StartAsync(options, instantly: null, _world.Warehouse, _world.Clock, akka => Compose(akka, options)));
        var message = Flatten(error);
        Assert.Contains("IInstantlyApi", message);
        Assert.Contains(nameof(GatewayHosting.WithInstantlyGateway), message);
    }

    [Fact]
    public async Task A_host_without_the_pipeline_services_is_told_which_registration_is_missing()
    {
        var options = Options;
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            PipelineHost.StartAsync(options, _world.Client, _world.Warehouse, _world.Clock, akka => Compose(akka, options), pipelineServices: false));
        Assert.Contains(nameof(PipelineServiceRegistration.AddColdEmailPipelineServices), Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}
