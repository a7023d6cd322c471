using Akka.Hosting;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Supervision;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>The ops features: verification, the inventory multiplier, orphan recovery and the performance capture.</summary>
public static class OpsHosting
{
    /// <summary>
    /// Applies the configured settings to the node's <see cref="OpsServices"/> (DI; the campaigns take the multiplier and the
    /// verifier from there) and, with an ops warehouse, starts the periodic performance capture registered as <see cref="PerformanceActor"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithPipelineOps(this AkkaConfigurationBuilder builder, PipelineOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var ops = resolver.GetService<OpsServices>() ?? throw new InvalidOperationException(
                $"{nameof(WithPipelineOps)} needs the pipeline's services: call services.{nameof(PipelineServiceRegistration.AddColdEmailPipelineServices)}()");
            ops.Apply(options.Ops, options.Campaigns);
            if (ops.Performance is { } tracker)
                registry.Register<PerformanceActor>(system.ActorOf(PerformanceActor.Props(tracker, options.Ops.Performance, ops.Campaigns), "performance"));
        });
}
