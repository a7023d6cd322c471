using Akka.Actor;
using Akka.Event;
using Akka.DependencyInjection;
using Akka.Hosting;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>
/// The pipeline's front door and, on one node, the campaigns' parent: it runs one campaign actor per configured campaign, each
/// under a backoff supervisor that restarts it with growing pauses whenever it stops (a journal failure stops a persistent
/// actor), or in a cluster the routes to the sharded campaign entities; it starts, re-tunes and retires them on the catalog's
/// orders, answers the refs the facade asks for, forwards live settings to every component and runs the ops verbs.
/// Its collaborators (gateway, drain, catalog, performance) were started by their own <c>With…</c> registrations and are
/// found in the ActorRegistry; its services (<see cref="OpsServices"/>, the clock) come from the service provider.
/// </summary>
public sealed class PipelineSupervisor : ReceiveActor
{
    public const string Name = "coldemail-pipeline";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorRegistry _registry = ActorRegistry.For(Context.System);
    private readonly TimeProvider _time;
    /// <summary>The refs the facade gets, by campaign name (local children, or routers to the sharded entities).</summary>
    private readonly Dictionary<string, IActorRef> _campaigns = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>One node: the campaign actors this supervisor runs (until the catalog retires them).</summary>
    private readonly Dictionary<string, IActorRef> _local = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Askers of accepted settings, answered in order as the catalog confirms each (one node).</summary>
    private readonly Queue<IActorRef> _awaitingCatalog = new();
    private readonly IActorRef _gateway;
    private readonly IActorRef _drain;
    /// <summary>Cluster mode: this node's drain worker pool (the coordinator singleton may run on another node).</summary>
    private readonly IActorRef? _drainWorkers;
    private readonly OpsServices _ops;
    /// <summary>Cluster mode: this node's campaign shard region (null on one node).</summary>
    private readonly IActorRef? _region;
    /// <summary>The settings the region builds entities from (shared with the region's entity factory, which runs on its own thread).</summary>
    private readonly CampaignEntitySettings? _entitySettings;
    private PipelineOptions _options;

    /// <param name="options">The pipeline's settings (validated).</param>
    /// <param name="ops">The node's ops services (DI).</param>
    /// <param name="time">The business clock (DI; the system clock when the host registered none).</param>
    /// <param name="entitySettings">Cluster mode: the settings the campaign region builds its entities from (null on one node).</param>
    public PipelineSupervisor(PipelineOptions options, OpsServices ops, TimeProvider? time = null, CampaignEntitySettings? entitySettings = null)
    {
        options.Validate();
        _options = options;
        _ops = ops;
        _time = time ?? TimeProvider.System;
        _gateway = _registry.Get<InstantlyGatewayActor>();
        _drain = _registry.Get<DrainCoordinator>();
        _drainWorkers = _registry.TryGet<DrainWorkerPool>(out var workers) ? workers : null;
        _entitySettings = entitySettings;
        _region = entitySettings is null ? null : _registry.Get<CampaignRegion>();
        // The campaigns' refs exist at once (the facade asks for them right after the start); the catalog starts the campaigns.
        foreach (var campaign in options.Campaigns) EnsureCampaign(campaign);

        Receive<GetPipelineRefs>(_ => Sender.Tell(new PipelineRefs(_gateway, new Dictionary<string, IActorRef>(_campaigns, StringComparer.OrdinalIgnoreCase), _drain)));
        // A sync run is an actor of its own: it asks the campaigns again until each answered (their node may die meanwhile).
        Receive<StartSyncRun>(m => Context.ActorOf(SyncRunTracker.Props(m, new Dictionary<string, IActorRef>(_campaigns, StringComparer.OrdinalIgnoreCase), Sender), "sync-run-" + m.RunId));
        Receive<StopSyncRun>(m =>
        {
            if (Context.Child("sync-run-" + m.RunId) is { } run && !run.IsNobody()) Context.Stop(run);
        });
        // So is a drain run: it asks the coordinator again until it answers (a cluster's coordinator may move meanwhile).
        Receive<StartDrainRun>(m => Context.ActorOf(DrainRunTracker.Props(m, _drain, Sender), "drain-run-" + m.RunId));
        Receive<StopDrainRun>(m =>
        {
            if (Context.Child("drain-run-" + m.RunId) is { } run && !run.IsNobody()) Context.Stop(run);
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

    /// <summary>Registered after this actor (it places its campaigns here), so looked up when first needed.</summary>
    private IActorRef Catalog => _registry.Get<CampaignCatalog>();

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
        Receive<GetCatalogStatus>(m => Catalog.Forward(m));
        Receive<StopSchedule>(m =>
        {
            if (_region is null) Catalog.Forward(m);
            else Sender.Tell(new ScheduleStopped(0, 0));
        });
    }

    /// <summary>The supervisor's Props: its settings; its services come from <paramref name="system"/>'s service provider.</summary>
    public static Props Props(ActorSystem system, PipelineOptions options, CampaignEntitySettings? entitySettings) =>
        entitySettings is null
            ? DependencyResolver.For(system).Props<PipelineSupervisor>(options)
            : DependencyResolver.For(system).Props<PipelineSupervisor>(options, entitySettings);

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
            if (_registry.TryGet<PerformanceActor>(out var performance)) performance.Forward(m);
            else Sender.Tell(new PerformanceSnapshot(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), 0,
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

    private Props WithBackoff(Props child, string childName) => PipelineRestarts.WithBackoff(child, childName, _options.Restart);

    /// <summary>Idempotent: a campaign that runs (or is routed to) already is left as it is.</summary>
    private void EnsureCampaign(CampaignOptions campaign)
    {
        if (_campaigns.ContainsKey(campaign.Name)) return;
        // Settings that drop a campaign take it out of the refs at once, but its actor runs until the catalog's retire order:
        // a start order sent before that (the catalog's own start, still in the mailbox) finds the running actor, not a
        // free name (a second ActorOf under the same name threw and restarted this supervisor, losing the settings' askers).
        if (_local.TryGetValue(campaign.Name, out var running))
        {
            _campaigns[campaign.Name] = running;
            return;
        }
        var safe = new string(campaign.Name.Select(ch => char.IsLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : '-').ToArray());
        if (_region is not null)
        {
            // The campaign runs wherever the cluster placed it; this child only routes to it.
            _campaigns[campaign.Name] = Context.ActorOf(Cluster.Campaigns.CampaignEntityRef.Props(_region, campaign.Name), "campaign-" + safe + "-ref");
            return;
        }
        var child = Context.ActorOf(WithBackoff(CampaignActor.Props(Context.System, campaign, _options.Sync), "campaign-" + safe),
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
        if (_entitySettings is not null) _entitySettings.Current = options;
        _gateway.Tell(new ApplyGatewaySettings(options.RateLimiter, options.CircuitBreaker, options.Gateway));
        _drain.Tell(new ApplyDrainSettings(options.Drain));
        _drainWorkers?.Tell(new ApplyDrainSettings(options.Drain));
        _ops.Apply(options.Ops, options.Campaigns);
        if (_registry.TryGet<PerformanceActor>(out var performance)) performance.Tell(new ApplyPerformanceSettings(options.Ops.Performance, _ops.Campaigns));
        // The catalog re-tunes, starts and retires the campaigns; the refs the facade asks for follow the configuration at once.
        foreach (var campaign in options.Campaigns) EnsureCampaign(campaign);
        foreach (var gone in _campaigns.Keys.Where(name => options.Campaigns.All(c => !string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            if (_region is not null) Context.Stop(_campaigns[gone]);
            _campaigns.Remove(gone);
        }
        Catalog.Tell(new ApplyCatalog(options.Campaigns, options.Sync, options.Schedule));
        _log.Info("Pipeline settings applied: {Campaigns} campaigns", options.Campaigns.Count);
        return new SettingsApplied(true, null);
    }
}
