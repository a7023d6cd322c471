using Akka.Actor;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Ops;

/// <summary>
/// The running features around the pipeline, built by the supervisor over the same gateway facade and
/// warehouse as the actors. A warehouse without <see cref="IOpsWarehouse"/> leaves verification, orphan
/// recovery and performance out (null) and the multiplier on its fixed value; that is logged once.
/// </summary>
public sealed class OpsServices
{
    private volatile IReadOnlyList<ConfiguredCampaign> _campaigns;

    public EmailVerifier? Verifier { get; }
    public OrphanRecovery? Orphans { get; }
    public CampaignPerformanceTracker? Performance { get; }
    /// <summary>The periodic capture actor (null without the ops warehouse port).</summary>
    public IActorRef? PerformanceActor { get; }
    public InventoryMultiplierService Multiplier { get; }
    public IReadOnlyList<ConfiguredCampaign> Campaigns => _campaigns;
    public IOpsWarehouse? Warehouse { get; }

    private OpsServices(PipelineServices services, OpsOptions options, IReadOnlyList<ConfiguredCampaign> campaigns, IActorRefFactory actors)
    {
        _campaigns = campaigns;
        Warehouse = services.Warehouse as IOpsWarehouse;
        Multiplier = new InventoryMultiplierService(Warehouse, services.Time, options.AutoScale);
        if (Warehouse is null)
        {
            Log.ForContext<OpsServices>().Warning("The {Warehouse} warehouse has no ops port: verification, orphan recovery and performance tracking are off",
                services.Warehouse.GetType().Name);
            return;
        }
        Verifier = new EmailVerifier(services.Instantly, Warehouse, services.Time, options.Verification);
        Orphans = new OrphanRecovery(services.Instantly, services.Warehouse, Warehouse, services.Time, options.Orphans);
        Performance = new CampaignPerformanceTracker(services.Instantly, Warehouse, services.Time);
        PerformanceActor = actors.ActorOf(Pipeline.Performance.PerformanceActor.Props(Performance, options.Performance, campaigns), "performance");
    }

    /// <summary>Builds the services and starts the performance actor as a child of <paramref name="actors"/>.</summary>
    public static OpsServices Start(IActorRefFactory actors, PipelineServices services, OpsOptions options, IEnumerable<CampaignOptions> campaigns)
    {
        options.Validate();
        return new OpsServices(services, options, Configured(campaigns), actors);
    }

    /// <summary>Live reload of every feature; the options were validated with the pipeline's.</summary>
    public void Apply(OpsOptions options, IEnumerable<CampaignOptions> campaigns)
    {
        _campaigns = Configured(campaigns);
        Verifier?.Apply(options.Verification);
        Orphans?.Apply(options.Orphans);
        Multiplier.Apply(options.AutoScale);
        PerformanceActor?.Tell(new ApplyPerformanceSettings(options.Performance, _campaigns));
    }

    private static IReadOnlyList<ConfiguredCampaign> Configured(IEnumerable<CampaignOptions> campaigns) =>
        campaigns.Select(c => new ConfiguredCampaign(c.Name, c.InstantlyCampaignId)).ToList();
}
