using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ColdEmail.Pipeline.Cluster.Campaigns;

/// <summary>
/// Stands, on every node, for one sharded campaign wherever the cluster placed it: everything it receives goes to the shard
/// region in an envelope with the campaign's entity id, sender kept, so the facade asks it exactly as it asks a local campaign.
/// </summary>
public sealed class CampaignEntityRef : ReceiveActor
{
    public CampaignEntityRef(IActorRef region, string campaign)
    {
        var entityId = CampaignMessageExtractor.EntityIdFor(campaign);
        ReceiveAny(m => region.Forward(new ShardingEnvelope(entityId, m)));
    }

    public static Props Props(IActorRef region, string campaign) => Akka.Actor.Props.Create(() => new CampaignEntityRef(region, campaign));
}
