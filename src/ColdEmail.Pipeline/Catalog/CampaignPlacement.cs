using Akka.Actor;
using Akka.Cluster.Sharding;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Catalog;

/// <summary>Where the catalog's campaigns run: children of the supervisor on one node, sharded entities in a cluster.</summary>
public interface ICampaignPlacement
{
    void Start(CampaignOptions campaign, SyncOptions sync);
    void Apply(CampaignOptions campaign, SyncOptions sync);
    void Retire(string campaign);
    /// <summary>Re-asserts a running campaign (idempotent), so one lost in a shard's hand-off or a rebalance comes back.</summary>
    void KeepAlive(CampaignOptions campaign);
}

/// <summary>One node: the supervisor keeps the campaign actors (under backoff) and takes the catalog's orders.</summary>
public sealed class LocalPlacement(IActorRef supervisor, IActorRef self) : ICampaignPlacement
{
    public void Start(CampaignOptions campaign, SyncOptions sync) => supervisor.Tell(new StartCampaign(campaign, sync), self);
    public void Apply(CampaignOptions campaign, SyncOptions sync) => supervisor.Tell(new ApplyCampaignSettings(campaign, sync), self);
    public void Retire(string campaign) => supervisor.Tell(new RetireCampaign(campaign), self);

    // The supervisor's children are restarted by their backoff supervisors; nothing to re-assert.
    public void KeepAlive(CampaignOptions campaign)
    {
    }
}

/// <summary>
/// A cluster: campaigns are remembered entities of the shard region. Start is <see cref="ShardRegion.StartEntity"/> (remembered,
/// so the campaign restarts wherever its shard goes); retiring stops the entity, and when its shard restarts it on a node whose
/// settings no longer have the campaign, the entity passivates itself and is forgotten (see <see cref="CampaignSharding"/>).
/// </summary>
public sealed class ShardedPlacement(IActorRef region, IActorRef self) : ICampaignPlacement
{
    public void Start(CampaignOptions campaign, SyncOptions sync) =>
        region.Tell(new ShardRegion.StartEntity(CampaignMessageExtractor.EntityIdFor(campaign.Name)), self);

    public void Apply(CampaignOptions campaign, SyncOptions sync) =>
        region.Tell(new ShardingEnvelope(CampaignMessageExtractor.EntityIdFor(campaign.Name), new ApplyCampaignSettings(campaign, sync)), self);

    public void Retire(string campaign) =>
        region.Tell(new ShardingEnvelope(CampaignMessageExtractor.EntityIdFor(campaign), PoisonPill.Instance), self);

    public void KeepAlive(CampaignOptions campaign) =>
        region.Tell(new ShardRegion.StartEntity(CampaignMessageExtractor.EntityIdFor(campaign.Name)), self);
}
