using Akka.Actor;
using Akka.Cluster.Sharding;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Cluster.Campaigns;

/// <summary>
/// Campaign actors as sharded persistent entities: one per campaign in the whole cluster (sharding's guarantee, so one writer per
/// ledger), placed over the nodes and restarted on another node when theirs dies (remember-entities, on the sharding journal).
/// Every node runs the region with the same configuration, so whichever node hosts a campaign builds it from its own settings and
/// its own services (the local gateway, warehouse connection).
/// </summary>
public static class CampaignSharding
{
    public const string TypeName = "campaign";

    /// <summary>
    /// Starts this node's region. <paramref name="propsFor"/> builds the entity of a campaign name, or null when the name is not
    /// configured here (the entity then stops at once and its ledger stays in the journal).
    /// </summary>
    public static IActorRef Start(ActorSystem system, int shards, Func<string, Props?> propsFor)
    {
        var settings = ClusterShardingSettings.Create(system);
        var sharding = ClusterSharding.Get(system);
        // A leaving node's campaigns finish their run in progress before they move (CampaignHandOff), rather than being
        // stopped between a batch's claim and its settlement.
        return sharding.Start(TypeName, entityId => propsFor(entityId) ?? Props.Create<UnknownCampaign>(), settings,
            new CampaignMessageExtractor(shards), sharding.DefaultShardAllocationStrategy(settings), CampaignHandOff.Instance);
    }

    /// <summary>Asks the region to start each campaign; with remember-entities it is then restarted wherever its shard goes.</summary>
    public static void StartAll(IActorRef region, IEnumerable<CampaignOptions> campaigns)
    {
        foreach (var c in campaigns) region.Tell(new ShardRegion.StartEntity(CampaignMessageExtractor.EntityIdFor(c.Name)));
    }

    /// <summary>An entity for a campaign this node has no settings for: asks its shard to forget it (remembered entities need that).</summary>
    private sealed class UnknownCampaign : ReceiveActor
    {
        public UnknownCampaign()
        {
            Receive<CampaignHandOff>(_ => Context.Stop(Self));
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }
}
