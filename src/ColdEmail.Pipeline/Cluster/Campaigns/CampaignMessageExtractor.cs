using Akka.Cluster.Sharding;

namespace ColdEmail.Pipeline.Cluster.Campaigns;

/// <summary>
/// Routes campaign messages to their sharded entity. Every message travels in a <see cref="ShardingEnvelope"/> whose entity id is
/// the campaign's name, lower-cased (names are matched case-insensitively everywhere); the base class unwraps envelopes and
/// handles <see cref="ShardRegion.StartEntity"/> (which remember-entities needs), so nothing else is routable.
/// </summary>
public sealed class CampaignMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public static string EntityIdFor(string campaign) => campaign.ToLowerInvariant();

    public override string? EntityId(object message) => null;
}
