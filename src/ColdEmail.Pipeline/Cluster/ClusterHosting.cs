using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.DependencyInjection;
using Akka.Hosting;
using Akka.Remote.Hosting;
using ColdEmail.Domain.Budget;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Cluster.Discovery;
using ColdEmail.Pipeline.Cluster.Status;
using ColdEmail.Pipeline.Persistence;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Akka.Hosting registration of cluster mode (coldemail.cluster.enabled = on, hocon/cluster.conf): remoting, membership with
/// static seed nodes and the split-brain resolver, the workspace budget singleton and this node's permit client, and the
/// sharding settings the campaign region uses (remember-entities on the sharding journal). Register it BEFORE the pipeline:
/// the gateway finds the permit client in the registry when it starts.
/// </summary>
public static class ClusterHosting
{
    public const string SystemName = "coldemail";

    public static AkkaConfigurationBuilder AddColdEmailCluster(
        this AkkaConfigurationBuilder builder, ClusterSettings cluster, PersistenceSettings persistence, BudgetLimits limits, TimeSpan pauseOnOpenBreaker)
    {
        if (persistence.Kind != PersistenceKind.Postgres)
            throw new ArgumentException("coldemail.cluster.enabled = on needs coldemail.persistence.kind = postgres: every node must reach the same journal");
        limits.Validate();
        builder
            .WithRemoting(cluster.Hostname, cluster.Port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = cluster.SeedNodes.ToArray(),
                MinimumNumberOfMembers = cluster.MinimumMembers,
                SplitBrainResolver = cluster.SplitBrain == SplitBrainStrategy.KeepOldest
                    ? new KeepOldestOption { DownIfAlone = true }
                    : new KeepMajorityOption(),
            })
            .AddHocon(Hocon(cluster), HoconAddMode.Prepend)
            .WithClusterNodeStatus()
            .WithColdEmailDiscovery(cluster)
            .WithSingleton<WorkspaceBudgetActor>(WorkspaceBudgetActor.SingletonName, WorkspaceBudgetActor.Props(limits),
                new ClusterSingletonOptions { BufferSize = 1000 })
            .WithActors((system, registry) =>
            {
                var node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();
                var client = system.ActorOf(WorkspacePermitClient.Props(registry.Get<WorkspaceBudgetActor>(), node, limits,
                    cluster.PermitBatch, cluster.FallbackAfter, pauseOnOpenBreaker), "workspace-permits");
                registry.Register<WorkspacePermitClient>(client);
                // No seed nodes and no discovery: this node forms a cluster of its own (the first node of a trial, or a test).
                if (cluster.SeedNodes.Count == 0 && cluster.Discovery.Method == DiscoveryMethod.Seeds) Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(system).SelfAddress);
            });
        return builder;
    }

    /// <summary>Settings Akka.Hosting has no option for; see hocon/cluster.conf for why each is set.</summary>
    private static string Hocon(ClusterSettings cluster) => $$"""
        akka.cluster.split-brain-resolver.stable-after = {{(int)cluster.StableAfter.TotalMilliseconds}}ms
        akka.cluster.sharding {
          remember-entities = on
          state-store-mode = ddata
          remember-entities-store = eventsourced
          journal-plugin-id = "akka.persistence.journal.{{JournalHosting.ShardingPluginIdentifier}}"
          snapshot-plugin-id = "akka.persistence.snapshot-store.{{JournalHosting.ShardingPluginIdentifier}}"
          distributed-data.durable.keys = []
        }
        """;
}
