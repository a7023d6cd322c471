using Akka.Actor;
using ColdEmail.Pipeline.Hosting;

namespace ColdEmail.Pipeline.Observability;

/// <summary>
/// How an actor finds the daemon's <see cref="ColdEmailMetrics"/> without it travelling in Props or messages: from the
/// host's service provider that Akka.Hosting hands to the actor system. Null when the system has none (a bare TestKit
/// spec) or none was registered: callers then record nothing. It asks whether a resolver exists first (as every optional
/// service lookup does), because asking a system without one makes Akka log an error for each actor that looks.
/// </summary>
public static class MetricsLookup
{
    public static ColdEmailMetrics? For(ActorSystem system) => ServiceLookup.Optional<ColdEmailMetrics>(system);
}
