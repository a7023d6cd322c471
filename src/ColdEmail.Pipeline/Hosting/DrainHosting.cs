using Akka.Hosting;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>The drain: one coordinator (the drain journal's one writer) and its workers.</summary>
public static class DrainHosting
{
    /// <summary>
    /// One node: the coordinator under a backoff supervisor (<c>/user/drain-supervisor</c>) with its workers as children. A
    /// cluster (<see cref="PipelineOptions.CampaignShards"/> set): the coordinator is a singleton and every node runs a worker pool
    /// (<see cref="ClusterDrain"/>). Registers the coordinator (or the singleton's proxy) as <see cref="DrainCoordinator"/> and, in a
    /// cluster, the node's pool as <see cref="DrainWorkerPool"/>. The services come from the service provider.
    /// </summary>
    public static AkkaConfigurationBuilder WithDrain(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            PipelineServiceRegistration.Required<ILeadWarehouse>(resolver, nameof(WithDrain));
            if (options.CampaignShards is null)
            {
                var coordinator = PipelineRestarts.WithBackoff(DrainCoordinator.Props(system, options.Drain), "drain", options.Restart);
                registry.Register<DrainCoordinator>(system.ActorOf(coordinator, "drain-supervisor"));
                return;
            }
            var singleton = PipelineRestarts.WithBackoff(DrainCoordinator.Props(system, options.Drain, ClusterDrain.WorkersPath), "drain", options.Restart);
            var (proxy, workers) = ClusterDrain.Start(system, singleton, options.Drain);
            registry.Register<DrainCoordinator>(proxy);
            registry.Register<DrainWorkerPool>(workers);
        });
}
