using System.Text.Json;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Tests;
using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Cluster.Status;
using ColdEmail.Domain.Throttling;
using ColdEmail.Warehouse.Tests.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ColdEmail.Cluster.Tests.Status;

/// <summary>
/// `coldemail cluster status` (run in-process with captured output) against a real three-node cluster whose first node serves
/// the daemon's HTTP face: what it prints is checked against what each node hosts, measured on the node itself.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ClusterStatusCommandTests(PostgresServer server) : ClusterWorldTest(server, "status")
{
    private readonly TempWorkspace _workspace = new();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Status_shows_three_members_up_each_campaign_on_one_node_the_singletons_on_the_oldest_and_the_grants_per_node()
    {
        var first = await World.StartNodeAsync(minimumMembers: 2, waitUntilUp: false, http: true);
        var second = await World.StartNodeAsync(minimumMembers: 2, waitUntilUp: false);
        var third = await World.StartNodeAsync(minimumMembers: 2, waitUntilUp: false);
        ClusterNode[] nodes = [first, second, third];
        await Task.WhenAll(nodes.Select(n => n.UpAsync(TimeSpan.FromSeconds(60))));

        // Until the budget singleton answers, nodes spend their static share on their own: wait for it, as the status shows it.
        await StatusUntilAsync(first, v => v.Budget is not null && v.Nodes.All(n => n.Permits is { OnStaticShare: false }));
        // Each node spends a few permits. A new budget grants nothing for its first minute (its predecessor may have spent it),
        // so these are answered once that minute has passed; then every node has grants on the budget's books.
        foreach (var node in nodes)
        {
            var inbox = Inbox.Create(node.System);
            var client = ActorRegistry.For(node.System).Get<WorkspacePermitClient>();
            for (var i = 0; i < 3; i++) client.Tell(new AcquireWorkspacePermit(i), inbox.Receiver);
            for (var i = 0; i < 3; i++) Assert.IsType<WorkspacePermitGranted>(await inbox.ReceiveAsync(TimeSpan.FromSeconds(120)));
        }

        var view = await StatusUntilAsync(first, v => v.Campaigns.Count == ClusterWorld.CampaignNames.Length && v.Nodes.All(n => n.Answered));
        var addresses = nodes.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(addresses, view.Members.Select(m => m.Address).Order(StringComparer.Ordinal));
        Assert.All(view.Members, m => Assert.Equal(("Up", true), (m.Status, m.Reachable)));
        var oldest = Assert.Single(view.Members, m => m.Oldest).Address;

        // Each campaign exactly once, on the node that really hosts it.
        Assert.Equal(ClusterWorld.CampaignNames.Order(StringComparer.Ordinal), view.Campaigns.Select(c => c.Campaign));
        Assert.Empty(view.Unplaced);
        foreach (var node in nodes)
        {
            var hosted = await node.HostedCampaignsAsync();
            Assert.Equal(hosted, view.Campaigns.Where(c => c.Node == node.Address).Select(c => c.Campaign.ToLowerInvariant()).Order(StringComparer.Ordinal));
        }

        // The singletons run on the oldest member, the node whose schedule gate is open.
        Assert.Equal(oldest, Assert.Single(view.Singletons, s => s.Name == WorkspaceBudgetActor.SingletonName).Node);
        // The schedule belongs to the campaign catalog, a singleton under the pipeline supervisor (not a top-level manager),
        // as the drain coordinator is: status shows both where they run.
        Assert.Equal(oldest, (await nodes[0].Pipeline.GetCatalogStatusAsync()).Node);
        Assert.Equal(oldest, Assert.Single(view.Singletons, s => s.Name == ColdEmail.Pipeline.Catalog.CampaignCatalog.Name).Node);
        Assert.Equal(oldest, Assert.Single(view.Singletons, s => s.Name == ColdEmail.Pipeline.Cluster.ClusterDrain.ManagerName).Node);
        Assert.Equal(oldest, Assert.Single(nodes, n => n.Gate.IsOwner).Address);

        // The budget's grants per node match what each node's permit client received from it.
        var budget = Assert.IsType<WorkspaceBudgetStatus>(view.Budget);
        Assert.Equal(oldest, budget.Address);
        Assert.Null(budget.PausedUntil);
        foreach (var node in view.Nodes)
        {
            Assert.True(node.Answered, node.Address);
            Assert.Equal(CircuitState.Closed, node.Breaker!.State);
            Assert.False(node.Permits!.OnStaticShare);
            Assert.True(node.Permits.GrantedByBudget >= 3, $"{node.Address} got {node.Permits.GrantedByBudget} permits from the budget");
            Assert.Equal(node.Permits.GrantedByBudget, budget.GrantsLastMinute[node.Address]);
        }

        var text = await RunAsync("cluster", "status", "--url", first.HttpUrl);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Members (3):", text.Out);
        foreach (var address in addresses) Assert.Matches(new Regex(Regex.Escape(address) + @"\s+Up\s+reachable"), text.Out);
        Assert.Matches(new Regex(@"workspace-budget\s+" + Regex.Escape(oldest)), text.Out);
        foreach (var c in view.Campaigns) Assert.Matches(new Regex(@"^\s+" + c.Campaign + @"\s+" + Regex.Escape(c.Node) + @"\s*$", RegexOptions.Multiline), text.Out);
        Assert.Contains("not paused", text.Out);

        foreach (var output in new[] { text.Out, JsonSerializer.Serialize(view, ClusterStatusJson.Options) })
        {
            // Akka addresses carry an '@' (akka.tcp://coldemail@host:port; akka.trttl.tcp here); nothing else may.
            Assert.DoesNotContain("@", AkkaAddress().Replace(output, ""));
            Assert.DoesNotContain(World.Sandbox.ApiKey, output);
            Assert.DoesNotContain(World.Journal.PostgresConnectionString.Reveal(), output);
        }
    }

    [Fact]
    public async Task Cluster_mode_off_or_no_node_answering_is_exit_2_naming_what_to_set()
    {
        var off = await RunAsync("cluster", "status");
        Assert.Equal(2, off.ExitCode);
        Assert.Contains("coldemail.cluster.enabled = on", off.Err);

        var nobody = await RunAsync("cluster", "status", "--url", "http://127.0.0.1:" + FreePort());
        Assert.Equal(2, nobody.ExitCode);
        Assert.Contains("no node answered", nobody.Err);
        Assert.Contains("--url", nobody.Err);

        // A daemon running without cluster mode says so rather than looking like a dead node.
        await using var app = await SingleNodeAsync();
        var single = await RunAsync("cluster", "status", "--json", "--url", app.Urls.First());
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("cluster mode off (coldemail.cluster.enabled = off)", single.Err);
        Assert.Empty(single.Out);
        Assert.DoesNotContain("   at ", single.Err);
    }

    private async Task<ClusterStatusView> StatusUntilAsync(ClusterNode node, Func<ClusterStatusView, bool> ready)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var result = await RunAsync("cluster", "status", "--json", "--url", node.HttpUrl);
            Assert.True(result.ExitCode == 0, result.ToString());
            var view = JsonSerializer.Deserialize<ClusterStatusView>(result.Out, ClusterStatusJson.Options)!;
            if (ready(view)) return view;
            Assert.True(DateTime.UtcNow < until, "the cluster never settled: " + result.Out);
            await Task.Delay(250);
        }
    }

    private Task<CliResult> RunAsync(params string[] args) => _workspace.RunAsync(args);

    private static async Task<WebApplication> SingleNodeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        new ClusterStatusEndpoints(null!, clusterEnabled: false, []).Map(app);
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"akka(\.[a-z]+)*\.tcp://[A-Za-z0-9_-]+@[^\s"":/]+:\d+")]
    private static partial Regex AkkaAddress();
}
