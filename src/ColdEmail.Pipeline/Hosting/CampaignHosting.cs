using Akka.Hosting;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>The campaigns and the pipeline's front door (<see cref="PipelineSupervisor"/>).</summary>
public static class CampaignHosting
{
    /// <summary>
    /// One node: the <see cref="PipelineSupervisor"/> runs the campaign actors as its children. A cluster: this node's shard
    /// region (registered as <see cref="CampaignRegion"/>) runs the campaigns placed here as persistent entities, each built from
    /// the node's service provider, and the supervisor routes to them. Register after the gateway, the ops and the drain (the
    /// supervisor finds them in the registry) and before the catalog (which places the campaigns through the supervisor).
    /// </summary>
    public static AkkaConfigurationBuilder WithCampaigns(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            PipelineServiceRegistration.Required<ILeadWarehouse>(resolver, nameof(WithCampaigns));
            CampaignEntitySettings? entities = null;
            if (options.CampaignShards is { } shards)
            {
                var settings = entities = new CampaignEntitySettings(options);
                registry.Register<CampaignRegion>(CampaignSharding.Start(system, shards, id =>
                {
                    var current = settings.Current;
                    var campaign = current.Campaigns.FirstOrDefault(c => string.Equals(c.Name, id, StringComparison.OrdinalIgnoreCase));
                    return campaign is null ? null : CampaignActor.Props(system, campaign, current.Sync);
                }));
            }
            registry.Register<PipelineSupervisor>(system.ActorOf(PipelineSupervisor.Props(system, options, entities), PipelineSupervisor.Name));
        });
}
