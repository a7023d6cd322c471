using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Supervision;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>The Instantly gateway: this node's one way to Instantly (paced, guarded by the breaker, in a cluster under the workspace budget).</summary>
public static class GatewayHosting
{
    /// <summary>
    /// Starts the gateway (under a backoff supervisor, <c>/user/gateway-supervisor</c>) over the raw <see cref="IInstantlyApi"/>
    /// from the service provider and registers it as <see cref="InstantlyGatewayActor"/>. The pipeline's actors reach it through the
    /// keyed facade (<see cref="PipelineServiceRegistration.GatewayKey"/>). In a cluster register it after the cluster: it takes
    /// the node's permit client from the registry when it starts.
    /// </summary>
    public static AkkaConfigurationBuilder WithInstantlyGateway(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            PipelineServiceRegistration.Required<IInstantlyApi>(resolver, nameof(WithInstantlyGateway));
            var gateway = resolver.Props<InstantlyGatewayActor>(options.RateLimiter, options.CircuitBreaker, options.Gateway);
            registry.Register<InstantlyGatewayActor>(system.ActorOf(PipelineRestarts.WithBackoff(gateway, "gateway", options.Restart), "gateway-supervisor"));
        });
}
