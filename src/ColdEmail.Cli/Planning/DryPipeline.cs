using Akka.Actor;
using Akka.Routing;
using Akka.Streams;
using ColdEmail.Instantly;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Planning;

/// <summary>One campaign's dry sync: the run's result (its inventory plan) and each lead it would add or refuse.</summary>
public sealed record DrySync(CampaignSyncResult Result, IReadOnlyList<LeadOutcome> Planned);

/// <summary>
/// The pipeline's own sync and drain code, run dry for `plan`: the same options (mapped from the settings as a run maps
/// them), the same <see cref="SyncRun"/> and <see cref="DrainRun"/>, the same Instantly gateway (rate limiter and circuit
/// breaker) and drain workers, in an actor system of its own with no journal. The sync runs without its write side and
/// every drain batch is dry; the ports it is given are <see cref="ReadOnlyPorts"/>.
/// </summary>
public sealed class DryPipeline : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly PipelineOptions _options;
    private readonly PipelineServices _services;
    private readonly IMaterializer _materializer;

    private DryPipeline(ActorSystem system, PipelineOptions options, PipelineServices services)
    {
        _system = system;
        _options = options;
        _services = services;
        _materializer = system.Materializer();
    }

    /// <summary>Instantly as the dry runs see it: through the gateway, reads only.</summary>
    public IInstantlyApi Instantly => _services.Instantly;

    /// <summary>The warehouse as the dry runs see it: reads only.</summary>
    public ILeadWarehouse Warehouse => _services.Warehouse;

    /// <param name="instantly">The workspace's client (paced and guarded by a gateway here), or null: Instantly is not asked.</param>
    public static DryPipeline Start(PipelineOptions options, ILeadWarehouse warehouse, IInstantlyApi? instantly, TimeProvider time)
    {
        options.Validate();
        // Akka logs through Serilog (stderr), never onto stdout where `plan --json` prints.
        var system = ActorSystem.Create("coldemail-plan", """
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.loggers = ["Akka.Logger.Serilog.SerilogLogger, Akka.Logger.Serilog"]
            akka.log-dead-letters = off
            akka.coordinated-shutdown.exit-clr = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """);
        IInstantlyApi api = new OfflineInstantly();
        if (instantly is not null)
        {
            var gateway = system.ActorOf(InstantlyGatewayActor.Props(instantly, options.RateLimiter, options.CircuitBreaker, options.Gateway), "gateway");
            api = new GatewayInstantlyApi(gateway, system.Scheduler);
        }
        var services = new PipelineServices(ReadOnlyPorts.Instantly(api), ReadOnlyPorts.Warehouse(warehouse), time)
        {
            // The auto-scaled multiplier a run would plan with (it only reads the drain history).
            Multiplier = new InventoryMultiplierService(warehouse as IOpsWarehouse, time, options.Ops.AutoScale),
        };
        return new DryPipeline(system, options, services);
    }

    /// <summary>Every enabled campaign's dry sync; a campaign that fails is reported like a run reports it, the others go on.</summary>
    public async Task<IReadOnlyList<DrySync>> SyncAsync(CancellationToken ct)
    {
        var runs = _options.Campaigns.Select(async campaign =>
        {
            var run = SyncRun.Dry(campaign, _options.Sync, _services, _materializer);
            try
            {
                var result = await run.ExecuteAsync([], new HashSet<string>(StringComparer.Ordinal), ct).ConfigureAwait(false);
                return new DrySync(result, run.Planned);
            }
            catch (Exception e) when (e is not OperationCanceledException and not DryRunWriteRefusedException)
            {
                return new DrySync(CampaignSyncResult.Failed(campaign.Name, campaign.InstantlyCampaignId, $"{e.GetType().Name}: {e.Message}"), run.Planned);
            }
        });
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>One dry drain pass over the same candidates, batches and workers a `drain --once` would use.</summary>
    public async Task<(DrainRunSummary Summary, DrainPlan Plan)> DrainAsync(string runId, CancellationToken ct)
    {
        // A dry batch never asks the journal (it journals no bounce sighting and no decision): the workers get none.
        var workers = _system.ActorOf(DrainWorker.Props(_options.Drain, ActorRefs.Nobody, _services.Instantly, _services.Warehouse, _services.Time, _services.Metrics)
            .WithRouter(new RoundRobinPool(_options.Drain.Workers)), "drain-workers");
        try
        {
            return await new DrainRun(runId, _services, _options.Drain, workers, ActorRefs.Nobody, _materializer).PlanAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _system.Stop(workers);
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);
}
