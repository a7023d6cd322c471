using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Nodes;

/// <summary>
/// coldemail.cluster.discovery.method = config: three nodes on loopback with NO seed nodes configured find each other through
/// Akka.Discovery's config method and form one cluster of three (not three clusters of one).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DiscoveryBootstrapTests(PostgresServer server) : ClusterWorldTest(server, "discovery")
{
    [Fact]
    public async Task Config_discovery_forms_one_cluster_of_three_nodes_without_seed_nodes()
    {
        var ports = FreePorts(3);
        var discovery = new ClusterDiscoverySettings(DiscoveryMethod.Config)
        {
            ConfigEndpoints = ports.Select(p => "127.0.0.1:" + p).ToList(),
            RequiredContactPoints = 3,
            StableMargin = TimeSpan.FromSeconds(1),
        };
        var nodes = new List<ClusterNode>();
        foreach (var port in ports)
            nodes.Add(await World.StartNodeAsync(minimumMembers: 2, waitUntilUp: false, discovery: discovery, port: port));
        await Task.WhenAll(nodes.Select(n => n.UpAsync(TimeSpan.FromSeconds(120))));

        var addresses = nodes.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var node in nodes)
        {
            Assert.Empty(node.System.Settings.Config.GetStringList("akka.cluster.seed-nodes"));
            // A node's State is a view updated from its cluster events, so it may trail the member-up callback a moment.
            List<string> Up() => Akka.Cluster.Cluster.Get(node.System).State.Members.Where(m => m.Status == MemberStatus.Up)
                .Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Up().SequenceEqual(addresses) && DateTime.UtcNow < until) await Task.Delay(100);
            Assert.Equal(addresses, Up());
        }
        // One cluster: a single budget singleton, the same one seen from every node.
        var budgets = await Task.WhenAll(nodes.Select(n => ActorRegistry.For(n.System).Get<WorkspaceBudgetActor>()
            .Ask<WorkspaceBudgetStatus>(GetWorkspaceBudgetStatus.Instance, TimeSpan.FromSeconds(30))));
        Assert.Single(budgets.Select(b => b.Address).Distinct());
    }

    private static List<int> FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((System.Net.IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
