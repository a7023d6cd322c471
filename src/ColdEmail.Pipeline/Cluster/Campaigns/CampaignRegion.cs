using ColdEmail.Pipeline.Supervision;

namespace ColdEmail.Pipeline.Cluster.Campaigns;

/// <summary>The ActorRegistry key of this node's campaign shard region (cluster mode; see <see cref="CampaignSharding"/>).</summary>
public sealed class CampaignRegion;

/// <summary>
/// The settings the campaign region builds its entities from: the region calls its entity factory from its own thread, so the
/// supervisor publishes each accepted configuration here (settings only, no services; those come from the node's DI).
/// </summary>
public sealed class CampaignEntitySettings(PipelineOptions initial)
{
    private volatile PipelineOptions _current = initial;

    public PipelineOptions Current
    {
        get => _current;
        set => _current = value;
    }
}
