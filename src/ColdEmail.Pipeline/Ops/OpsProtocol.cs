using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Ops;

/// <summary>The ops verbs' messages (orphans, multiplier, performance report): data only, the services stay with the supervisor.</summary>
public sealed class OpsProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<RecoverOrphans>("ops.recover-orphans")
        .Add<OrphanRecoveryReport>("ops.orphan-report")
        .Add<GetInventoryMultiplier>("ops.get-multiplier")
        .Add<MultiplierAnswer>("ops.multiplier")
        .Add<GetCampaignPerformanceReport>("ops.get-performance-report")
        .Add<CampaignPerformanceReport>("ops.performance-report");
}
