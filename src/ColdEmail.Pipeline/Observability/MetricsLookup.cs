using Akka.Actor;
using Akka.DependencyInjection;

namespace ColdEmail.Pipeline.Observability;

/// <summary>
/// How an actor finds the daemon's <see cref="ColdEmailMetrics"/> without it travelling in Props or messages: from the
/// host's service provider that Akka.Hosting hands to the actor system. Null when the system has none (a bare TestKit
/// spec) or none was registered: callers then record nothing.
/// </summary>
public static class MetricsLookup
{
    public static ColdEmailMetrics? For(ActorSystem system)
    {
        try
        {
            return DependencyResolver.For(system).Resolver.GetService<ColdEmailMetrics>();
        }
        catch (Exception e) when (e is Akka.Configuration.ConfigurationException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }
}
