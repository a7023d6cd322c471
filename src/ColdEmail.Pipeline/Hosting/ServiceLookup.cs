using Akka.Actor;
using Akka.DependencyInjection;

namespace ColdEmail.Pipeline.Hosting;

/// <summary>Optional services from the host's DI container (Akka.Hosting's resolver); null where the system has none (plain specs).</summary>
public static class ServiceLookup
{
    public static T? Optional<T>(ActorSystem system) where T : class =>
        system.Settings.Setup.Get<DependencyResolverSetup>().HasValue ? DependencyResolver.For(system).Resolver.GetService<T>() : null;
}
