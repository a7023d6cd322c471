using Akka.Hosting;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>Starts this node's <see cref="NodeStatusActor"/> (cluster mode), which `cluster status` asks from any node.</summary>
public static class ClusterStatusHosting
{
    public static AkkaConfigurationBuilder WithClusterNodeStatus(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _, resolver) =>
        {
            // The facade is resolved per question: the pipeline registers after the cluster, and may be absent (a bare node).
            Func<CancellationToken, Task<CircuitStatus>> breaker = ct => resolver.GetService<ColdEmailPipeline>() is { } pipeline
                ? pipeline.GetCircuitStatusAsync(ct)
                : throw new InvalidOperationException("no pipeline on this node");
            system.ActorOf(NodeStatusActor.Props(breaker), NodeStatusActor.Name);
        });
}
