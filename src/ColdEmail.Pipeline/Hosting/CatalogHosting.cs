using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Supervision;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>The campaign catalog: starts the configured campaigns, applies live settings to them and owns the schedule.</summary>
public static class CatalogHosting
{
    /// <summary>
    /// One node: the catalog (<c>/user/campaign-catalog</c>) places the campaigns through the <see cref="PipelineSupervisor"/>.
    /// A cluster: a singleton (one catalog and one schedule in the cluster) placing them through the <see cref="CampaignRegion"/>.
    /// Registers the catalog (or the singleton's proxy) as <see cref="CampaignCatalog"/>. The schedule's gate is the optional
    /// <see cref="ScheduleGate"/> service.
    /// </summary>
    public static AkkaConfigurationBuilder WithCampaignCatalog(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var gate = resolver.GetService<ScheduleGate>();
            Props CatalogProps(Func<IActorRef, ICampaignPlacement> placement) =>
                CampaignCatalog.Props(options.Campaigns, options.Sync, options.Schedule, placement, gate);
            if (options.CampaignShards is null)
            {
                var supervisor = registry.Get<PipelineSupervisor>();
                registry.Register<CampaignCatalog>(system.ActorOf(CatalogProps(catalog => new LocalPlacement(supervisor, catalog)), CampaignCatalog.Name));
                return;
            }
            var region = registry.Get<CampaignRegion>();
            registry.Register<CampaignCatalog>(ClusterCatalog.Start(system, CatalogProps(catalog => new ShardedPlacement(region, catalog)), options.ShutdownSettle));
        });
}
