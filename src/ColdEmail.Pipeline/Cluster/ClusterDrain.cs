using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using ColdEmail.Pipeline.Drain;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// The drain in a cluster: one coordinator (a singleton: one writer of the drain journal, one pass at a time) whose batches a
/// cluster-aware group router hands to the <see cref="DrainWorkerPool"/> of every node. Each supervisor starts the singleton
/// manager, a proxy and its node's pool; when the coordinator's node dies the next oldest node's manager starts it again and it
/// recovers the journal (open decisions are completed at the start of the next pass).
/// </summary>
public static class ClusterDrain
{
    public const string SingletonName = "drain";
    public const string ManagerName = "drain-coordinator";

    /// <summary>The path of every node's worker pool under a supervisor at <paramref name="supervisor"/>.</summary>
    public static string WorkersPath(IActorRef supervisor) => supervisor.Path.ToStringWithoutAddress() + "/" + DrainWorkerPool.Name;

    /// <summary>Starts the manager (running <paramref name="coordinator"/>), its proxy and this node's pool; returns (proxy, pool).</summary>
    public static (IActorRef Coordinator, IActorRef Workers) Start(IActorContext context, Props coordinator, DrainOptions options, PipelineServices services)
    {
        var manager = context.ActorOf(ClusterSingletonManager.Props(coordinator, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(context.System).WithSingletonName(SingletonName)), ManagerName);
        var proxy = context.ActorOf(ClusterSingletonProxy.Props(manager.Path.ToStringWithoutAddress(),
            ClusterSingletonProxySettings.Create(context.System).WithSingletonName(SingletonName)), ManagerName + "-proxy");
        var node = Akka.Cluster.Cluster.Get(context.System).SelfAddress.ToString();
        var workers = context.ActorOf(DrainWorkerPool.Props(options, services, proxy, node), DrainWorkerPool.Name);
        return (proxy, workers);
    }
}
