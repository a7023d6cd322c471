using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ColdEmail.Pipeline.Drain;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// The drain in a cluster: one coordinator (a singleton: one writer of the drain journal, one pass at a time) whose batches a
/// cluster-aware group router hands to the <see cref="DrainWorkerPool"/> of every node. Every node starts the singleton
/// manager, a proxy and its pool (top-level actors, <see cref="Hosting.DrainHosting.WithDrain"/>); when the coordinator's node dies the next oldest node's manager starts it again and it
/// recovers the journal (open decisions are completed at the start of the next pass).
/// </summary>
public static class ClusterDrain
{
    public const string SingletonName = "drain";
    public const string ManagerName = "drain-coordinator";

    /// <summary>The path of every node's worker pool.</summary>
    public const string WorkersPath = "/user/" + DrainWorkerPool.Name;

    /// <summary>Starts the manager (running <paramref name="coordinator"/>), its proxy and this node's pool; returns (proxy, pool).</summary>
    public static (IActorRef Coordinator, IActorRef Workers) Start(ActorSystem system, Props coordinator, DrainOptions options)
    {
        var manager = system.ActorOf(ClusterSingletonManager.Props(coordinator, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(system).WithSingletonName(SingletonName)), ManagerName);
        var proxy = system.ActorOf(ClusterSingletonProxy.Props(manager.Path.ToStringWithoutAddress(),
            ClusterSingletonProxySettings.Create(system).WithSingletonName(SingletonName)), ManagerName + "-proxy");
        var node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
        var workers = system.ActorOf(DrainWorkerPool.Props(system, options, proxy, node), DrainWorkerPool.Name);
        return (proxy, workers);
    }
}
