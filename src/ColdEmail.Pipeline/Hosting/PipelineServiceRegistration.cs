using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>
/// The services the pipeline's actors take from DI (Akka.DependencyInjection builds them with the service provider):
/// the host supplies <see cref="IInstantlyApi"/> (the raw adapter), <see cref="ILeadWarehouse"/> and optionally
/// <see cref="TimeProvider"/>, <see cref="Runs.IRunNotifier"/> and the metrics; this adds what is built over them and the gateway.
/// </summary>
public static class PipelineServiceRegistration
{
    /// <summary>
    /// The key of the gateway's facade: the same <see cref="IInstantlyApi"/> contract as the raw adapter, so the key is what keeps
    /// an actor from being handed the unpaced client by type.
    /// </summary>
    public const string GatewayKey = "coldemail.gateway";

    /// <summary>Idempotent: the facade registration calls it too, so every host that drives the pipeline has them.</summary>
    public static IServiceCollection AddColdEmailPipelineServices(this IServiceCollection services)
    {
        // Resolved when the first actor needs it, after WithInstantlyGateway registered the gateway.
        services.TryAddKeyedSingleton<IInstantlyApi>(GatewayKey, (sp, _) => new GatewayInstantlyApi(
            sp.GetRequiredService<IRequiredActor<InstantlyGatewayActor>>().ActorRef, sp.GetRequiredService<ActorSystem>().Scheduler));
        services.TryAddSingleton(sp => new OpsServices(
            sp.GetRequiredKeyedService<IInstantlyApi>(GatewayKey),
            Required<ILeadWarehouse>(sp, "WithPipelineOps (the ops services)"),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IInventoryMultiplierSource>(sp => sp.GetRequiredService<OpsServices>().Multiplier);
        // Null without the ops warehouse port: the campaigns then enrol without asking Instantly to verify.
        services.TryAddSingleton<IEmailVerifier>(sp => sp.GetRequiredService<OpsServices>().Verifier!);
        return services;
    }

    /// <summary>A service the host must supply; the error names it and the component that needs it.</summary>
    public static T Required<T>(IServiceProvider services, string component) where T : class =>
        services.GetService<T>() ?? throw Missing<T>(component);

    /// <inheritdoc cref="Required{T}(IServiceProvider, string)"/>
    public static T Required<T>(IDependencyResolver resolver, string component) where T : class =>
        resolver.GetService<T>() ?? throw Missing<T>(component);

    private static InvalidOperationException Missing<T>(string component) =>
        new($"{component} needs {typeof(T).Name} in the service provider: register it (services.AddSingleton<{typeof(T).Name}>(...))");
}
