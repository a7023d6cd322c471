using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>
/// Starts the gateway, one campaign actor per configured campaign and the drain coordinator, each
/// under a backoff supervisor that restarts it, with growing pauses, whenever it stops (a journal failure stops a persistent actor); forwards live settings.
/// </summary>
public sealed class PipelineSupervisor : ReceiveActor
{
    public const string Name = "coldemail-pipeline";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelineServices _services;
    /// <summary>The refs the facade gets, by campaign name (local children, or routers to the sharded entities).</summary>
    private readonly Dictionary<string, IActorRef> _campaigns = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>One node: the campaign actors this supervisor runs (until the catalog retires them).</summary>
    private readonly Dictionary<string, IActorRef> _local = new(StringComparer.OrdinalIgnoreCase);
    private readonly IActorRef _catalog;
    /// <summary>Askers of accepted settings, answered in order as the catalog confirms each (one node).</summary>
    private readonly Queue<IActorRef> _awaitingCatalog = new();
    private readonly IActorRef _gateway;
    private readonly IActorRef _drain;
    /// <summary>Cluster mode: this node's drain worker pool (the coordinator singleton may run on another node).</summary>
    private readonly IActorRef? _drainWorkers;
    private readonly OpsServices _ops;
    /// <summary>Cluster mode: this node's campaign shard region (null on one node).</summary>
    private readonly IActorRef? _region;
    /// <summary>The settings the region builds entities from (it calls in from its own thread, so a snapshot, not the field).</summary>
    private volatile PipelineOptions _entityOptions;
    private PipelineOptions _options;

    public PipelineSupervisor(PipelineOptions options, IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time, IRunNotifier notifier)
    {
        options.Validate();
        _options = options;
        _gateway = Context.ActorOf(WithBackoff(InstantlyGatewayActor.Props(instantly, options.RateLimiter, options.CircuitBreaker, options.Gateway), "gateway"), "gateway-supervisor");
        var services = new PipelineServices(new GatewayInstantlyApi(_gateway, Context.System.Scheduler), warehouse, time, notifier) { Metrics = Observability.MetricsLookup.For(Context.System) };
        // Ops first: the campaigns plan with its multiplier and verify with its verifier.
        _ops = OpsServices.Start(Context, services, options.Ops, options.Campaigns);
        _services = services with { Multiplier = _ops.Multiplier, Verifier = _ops.Verifier };
        _entityOptions = options;
        if (options.CampaignShards is { } shards)
        {
            var entityServices = _services;
            _region = Cluster.Campaigns.CampaignSharding.Start(Context.System, shards, id =>
            {
                var current = _entityOptions;
                var campaign = current.Campaigns.FirstOrDefault(c => string.Equals(c.Name, id, StringComparison.OrdinalIgnoreCase));
                return campaign is null ? null : CampaignActor.Props(campaign, current.Sync, entityServices);
            });
        }
        // The campaigns' refs exist at once (the facade asks for them right after the start); the catalog starts the campaigns.
        foreach (var campaign in options.Campaigns) EnsureCampaign(campaign);
        var self = Self;
        _catalog = _region is { } region
            ? ClusterCatalog.Start(Context, CatalogProps(options, catalog => new ShardedPlacement(region, catalog)), options.ShutdownSettle)
            : Context.ActorOf(CatalogProps(options, catalog => new LocalPlacement(self, catalog)), CampaignCatalog.Name);
        if (_region is null)
        {
            _drain = Context.ActorOf(WithBackoff(DrainCoordinator.Props(options.Drain, _services), "drain"), "drain-supervisor");
        }
        else
        {
            var coordinator = WithBackoff(DrainCoordinator.Props(options.Drain, _services, ClusterDrain.WorkersPath(Self)), "drain");
            (_drain, _drainWorkers) = ClusterDrain.Start(Context, coordinator, options.Drain, _services);
        }

        Receive<GetPipelineRefs>(_ => Sender.Tell(new PipelineRefs(_gateway, new Dictionary<string, IActorRef>(_campaigns, StringComparer.OrdinalIgnoreCase), _drain)));
        // A sync run is an actor of its own: it asks the campaigns again until each answered (their node may die meanwhile).
        Receive<StartSyncRun>(m => Context.ActorOf(SyncRunTracker.Props(m, new Dictionary<string, IActorRef>(_campaigns, StringComparer.OrdinalIgnoreCase), Sender), "sync-run-" + m.RunId));
        Receive<StopSyncRun>(m =>
        {
            if (Context.Child("sync-run-" + m.RunId) is { } run && !run.IsNobody()) Context.Stop(run);
        });
        Receive<ApplyPipelineSettings>(m =>
        {
            var answer = Apply(m.Options);
            // One node: answer once the catalog has passed the settings on to the campaigns (its orders reach this actor before its
            // answer does), so a sync asked for after the answer runs with them. A cluster's catalog may be handing over: answer now.
            if (answer.Accepted && _region is null) _awaitingCatalog.Enqueue(Sender);
            else Sender.Tell(answer);
        });
        ReceiveCatalogOrders();
        ReceiveOpsVerbs();
    }

    private Props CatalogProps(PipelineOptions options, Func<IActorRef, ICampaignPlacement> placement) =>
        CampaignCatalog.Props(options.Campaigns, options.Sync, options.Schedule, placement, ServiceLookup.Optional<ScheduleGate>(Context.System));

    /// <summary>
    /// On one node the catalog's campaigns are this actor's children: it starts, re-tunes and stops them on the catalog's orders.
    /// The schedule's stop (SIGTERM) goes to the catalog that owns it; in a cluster the singleton's hand-over settles it instead.
    /// </summary>
    private void ReceiveCatalogOrders()
    {
        Receive<StartCampaign>(m => EnsureCampaign(m.Campaign));
        Receive<ApplyCampaignSettings>(m =>
        {
            if (_campaigns.TryGetValue(m.Campaign.Name, out var campaign)) campaign.Tell(m);
        });
        Receive<RetireCampaign>(m =>
        {
            if (!_local.Remove(m.Campaign, out var child)) return;
            _campaigns.Remove(m.Campaign);
            Context.Stop(child);
        });
        Receive<CatalogApplied>(_ =>
        {
            if (_awaitingCatalog.TryDequeue(out var asker)) asker.Tell(new SettingsApplied(true, null));
        });
        Receive<GetCatalogStatus>(m => _catalog.Forward(m));
        Receive<StopSchedule>(m =>
        {
            if (_region is null) _catalog.Forward(m);
            else Sender.Tell(new ScheduleStopped(0, 0));
        });
    }

    public static Props Props(PipelineOptions options, IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time, IRunNotifier notifier) =>
        Akka.Actor.Props.Create(() => new PipelineSupervisor(options, instantly, warehouse, time, notifier));

    /// <summary>The ops verbs run here, with the supervisor's services, and answer the asker with data.</summary>
    private void ReceiveOpsVerbs()
    {
        Receive<RecoverOrphans>(m =>
        {
            var orphans = _ops.Orphans;
            if (orphans is null)
            {
                Sender.Tell(OrphanRecoveryReport.Skipped("orphan recovery needs a warehouse with the ops port (DuckDB or BigQuery)"));
                return;
            }
            orphans.RunAsync(_ops.Campaigns, m.DryRun, CancellationToken.None).PipeTo(Sender);
        });
        Receive<CapturePerformance>(m =>
        {
            if (_ops.PerformanceActor is { } performance) performance.Forward(m);
            else Sender.Tell(new PerformanceSnapshot(DateOnly.FromDateTime(_services.Time.GetUtcNow().UtcDateTime), 0,
                ["performance tracking needs a warehouse with the ops port (DuckDB or BigQuery)"]));
        });
        Receive<GetCampaignPerformanceReport>(m =>
        {
            if (_ops.Warehouse is not { } warehouse)
            {
                Sender.Tell(new CampaignPerformanceReport([]));
                return;
            }
            warehouse.CampaignPerformanceReportAsync(m.From, m.To, CancellationToken.None)
                .PipeTo(Sender, success: rows => new CampaignPerformanceReport(rows.ToList()));
        });
        Receive<GetInventoryMultiplier>(_ => _ops.Multiplier.CurrentAsync(CancellationToken.None).PipeTo(Sender));
    }

    private Props WithBackoff(Props child, string childName) =>
        BackoffSupervisor.Props(Backoff.OnStop(child, childName, _options.Restart.MinBackoff, _options.Restart.MaxBackoff, _options.Restart.RandomFactor, -1)
            .WithAutoReset(_options.Restart.MaxBackoff));

    /// <summary>Idempotent: a campaign that runs (or is routed to) already is left as it is.</summary>
    private void EnsureCampaign(CampaignOptions campaign)
    {
        if (_campaigns.ContainsKey(campaign.Name)) return;
        var safe = new string(campaign.Name.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-').ToArray());
        if (_region is not null)
        {
            // The campaign runs wherever the cluster placed it; this child only routes to it.
            _campaigns[campaign.Name] = Context.ActorOf(Cluster.Campaigns.CampaignEntityRef.Props(_region, campaign.Name), "campaign-" + safe + "-ref");
            return;
        }
        var child = Context.ActorOf(WithBackoff(CampaignActor.Props(campaign, _options.Sync, _services), "campaign-" + safe),
            "campaign-" + safe + "-supervisor");
        _local[campaign.Name] = child;
        _campaigns[campaign.Name] = child;
    }

    private SettingsApplied Apply(PipelineOptions options)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            _log.Warning("Rejected pipeline settings, keeping the running ones: {Reason}", e.Message);
            return new SettingsApplied(false, e.Message);
        }
        _options = options;
        _entityOptions = options;
        _gateway.Tell(new ApplyGatewaySettings(options.RateLimiter, options.CircuitBreaker, options.Gateway));
        _drain.Tell(new ApplyDrainSettings(options.Drain));
        _drainWorkers?.Tell(new ApplyDrainSettings(options.Drain));
        _ops.Apply(options.Ops, options.Campaigns);
        // The catalog re-tunes, starts and retires the campaigns; the refs the facade asks for follow the configuration at once.
        foreach (var campaign in options.Campaigns) EnsureCampaign(campaign);
        foreach (var gone in _campaigns.Keys.Where(name => options.Campaigns.All(c => !string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            if (_region is not null) Context.Stop(_campaigns[gone]);
            _campaigns.Remove(gone);
        }
        _catalog.Tell(new ApplyCatalog(options.Campaigns, options.Sync, options.Schedule));
        _log.Info("Pipeline settings applied: {Campaigns} campaigns", options.Campaigns.Count);
        return new SettingsApplied(true, null);
    }
}
