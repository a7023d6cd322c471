using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ColdEmail.Pipeline.Catalog;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// The campaign catalog as a cluster singleton: every node starts the singleton manager (same path on every node)
/// and talks to the catalog through a proxy, so exactly one catalog — and with it the one schedule — runs, on the oldest node.
/// On hand-over the manager sends <see cref="HandOverCatalog"/>: the schedule settles its runs before the next node starts one.
/// </summary>
public static class ClusterCatalog
{
    public const string SingletonName = "catalog";

    /// <summary>Starts the manager as a top-level actor of <paramref name="system"/> and returns a proxy to the singleton.</summary>
    public static IActorRef Start(ActorSystem system, Props catalog, TimeSpan settle)
    {
        var manager = system.ActorOf(ClusterSingletonManager.Props(catalog, new HandOverCatalog(settle),
            ClusterSingletonManagerSettings.Create(system).WithSingletonName(SingletonName)), CampaignCatalog.Name);
        return system.ActorOf(ClusterSingletonProxy.Props(manager.Path.ToStringWithoutAddress(),
            ClusterSingletonProxySettings.Create(system).WithSingletonName(SingletonName)), CampaignCatalog.Name + "-proxy");
    }
}
