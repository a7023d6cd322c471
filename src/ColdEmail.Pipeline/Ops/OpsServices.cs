using ColdEmail.Instantly;
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
/// The running features around the pipeline: one per node, a DI singleton (see
/// <see cref="Hosting.PipelineServiceRegistration.AddColdEmailPipelineServices"/>) over the gateway's facade and the warehouse,
/// so the actors that use them take them from the service provider instead of from their Props. A warehouse without
/// <see cref="IOpsWarehouse"/> leaves verification, orphan recovery and performance out (null) and the multiplier on its fixed
/// value; that is logged once. The options start at their defaults: the pipeline applies its own at start
/// (<see cref="Hosting.OpsHosting.WithPipelineOps"/>) and on every live reload.
/// </summary>
public sealed class OpsServices
{
    private volatile IReadOnlyList<ConfiguredCampaign> _campaigns = [];

    public EmailVerifier? Verifier { get; }
    public OrphanRecovery? Orphans { get; }
    public CampaignPerformanceTracker? Performance { get; }
    public InventoryMultiplierService Multiplier { get; }
    public IReadOnlyList<ConfiguredCampaign> Campaigns => _campaigns;
    public IOpsWarehouse? Warehouse { get; }

    /// <param name="instantly">The gateway's facade (every request paced and guarded), never the raw adapter.</param>
    public OpsServices(IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider time)
    {
        var options = new OpsOptions();
        Warehouse = warehouse as IOpsWarehouse;
        Multiplier = new InventoryMultiplierService(Warehouse, time, options.AutoScale);
        if (Warehouse is null)
        {
            Log.ForContext<OpsServices>().Warning("The {Warehouse} warehouse has no ops port: verification, orphan recovery and performance tracking are off",
                warehouse.GetType().Name);
            return;
        }
        Verifier = new EmailVerifier(instantly, Warehouse, time, options.Verification);
        Orphans = new OrphanRecovery(instantly, warehouse, Warehouse, time, options.Orphans);
        Performance = new CampaignPerformanceTracker(instantly, Warehouse, time);
    }

    /// <summary>The settings at start and on every live reload; the options were validated with the pipeline's.</summary>
    public void Apply(OpsOptions options, IEnumerable<CampaignOptions> campaigns)
    {
        _campaigns = Configured(campaigns);
        Verifier?.Apply(options.Verification);
        Orphans?.Apply(options.Orphans);
        Multiplier.Apply(options.AutoScale);
    }

    private static IReadOnlyList<ConfiguredCampaign> Configured(IEnumerable<CampaignOptions> campaigns) =>
        campaigns.Select(c => new ConfiguredCampaign(c.Name, c.InstantlyCampaignId)).ToList();
}
