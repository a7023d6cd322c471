using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using ColdEmail.Domain.Budget;
using ColdEmail.Cli.Http;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Cluster.Campaigns;
using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Persistence;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Tests.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.Cluster.Tests.Support;

/// <summary>
/// Several cluster nodes in one process, each a real host built as `coldemail run` builds it (journal on a shared PostgreSQL database,
/// <see cref="ClusterHosting"/>, the pipeline), on loopback with OS-assigned ports, sharing one sandbox and one DuckDB warehouse.
/// Failure detection and the split-brain resolver are shortened so a dead node is downed within seconds — but not below
/// what a loaded CI machine stalls for: with every test project running at once on two cores, heartbeats arrive 1.3 s
/// late, and a 1.5 s acceptable pause then downed live nodes (a singleton proxy left searching, a test timing out). Likewise the
/// sharding coordinator's state timeouts keep Akka's defaults: at 1 s its majority writes timed out again and again after a
/// node died ("unable to update a distributed state within 'updating-state-timeout'"), and the dead node's campaigns never
/// restarted. The throttler transport
/// adapter is on, so a test can cut the network between nodes.
/// </summary>
public sealed class ClusterWorld : IAsyncDisposable
{
    public static readonly string[] CampaignNames = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"];

    private const string FastCluster = """
        akka.loglevel = WARNING
        akka.coordinated-shutdown.exit-clr = off
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.remote.dot-netty.tcp.applied-adapters = ["trttl"]
        akka.cluster.failure-detector.heartbeat-interval = 300ms
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 4s
        akka.cluster.failure-detector.expected-response-after = 500ms
        akka.cluster.unreachable-nodes-reaper-interval = 250ms
        akka.cluster.gossip-interval = 250ms
        akka.cluster.leader-actions-interval = 250ms
        akka.cluster.singleton.hand-over-retry-interval = 250ms
        akka.cluster.singleton-proxy.singleton-identification-interval = 250ms
        akka.cluster.sharding.retry-interval = 250ms
        akka.cluster.sharding.entity-restart-backoff = 500ms
        akka.cluster.sharding.coordinator-failure-backoff = 500ms
        akka.cluster.sharding.shard-start-timeout = 10s
        akka.cluster.sharding.waiting-for-state-timeout = 5s
        akka.cluster.sharding.updating-state-timeout = 5s
        akka.cluster.distributed-data.gossip-interval = 250ms
        akka.cluster.distributed-data.notify-subscribers-interval = 100ms
        """;

    private readonly List<ClusterNode> _nodes = [];

    private ClusterWorld(string folder, SandboxServer sandbox, InstantlyHttpClient client, DuckDbLeadWarehouse warehouse, PersistenceSettings journal, TimeProvider clock)
    {
        Clock = clock;
        Folder = folder;
        Sandbox = sandbox;
        Client = client;
        Warehouse = warehouse;
        Journal = journal;
    }

    public string Folder { get; }
    public SandboxServer Sandbox { get; }
    public InstantlyHttpClient Client { get; }
    public DuckDbLeadWarehouse Warehouse { get; }
    public PersistenceSettings Journal { get; }
    public IReadOnlyList<ClusterNode> Nodes => _nodes;
    /// <summary>The business clock of the nodes and the sandbox (a <see cref="SimulatedClock"/> when the world was made with one).</summary>
    public TimeProvider Clock { get; }

    /// <summary>A fresh journal database (tables made once, as `coldemail init` does), the sandbox and the warehouse.</summary>
    /// <param name="simulatedClock">The sandbox and every node share a simulated clock the test moves (drain scenarios).</param>
    public static async Task<ClusterWorld> CreateAsync(PostgresServer server, string database, bool simulatedClock = false)
    {
        TimeProvider clock = simulatedClock ? new SimulatedClock(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero)) : TimeProvider.System;
        var connection = await server.CreateDatabaseAsync(database);
        var journal = new PersistenceSettings("") { Kind = PersistenceKind.Postgres, PostgresConnectionString = new Secret(connection), AutoInitialize = false };
        await PersistenceSchema.CreateAsync(journal, CancellationToken.None);
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-cluster-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RateLimits = RateLimitOptions.Off, SaveOnStop = false, TimeProvider = clock,
            Campaigns = CampaignNames.Select(n => new CampaignSpec(n)).ToList(),
        });
        var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey, Timeout = TimeSpan.FromSeconds(30) });
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(folder, "warehouse.duckdb")));
        await warehouse.EnsureSchemaAsync();
        return new ClusterWorld(folder, sandbox, client, warehouse, journal, clock);
    }

    public PipelineOptions Options()
    {
        decimal?[] bounds = [null, 1_000_000m, 2_000_000m, 3_000_000m, 4_000_000m, 5_000_000m, null];
        // One routing rule for every campaign: consecutive revenue bands, unknown revenue with the first.
        var routing = new ColdEmail.Domain.Routing.CampaignRouting(CampaignNames.Select((n, i) =>
            new ColdEmail.Domain.Routing.CampaignRoute(n, bounds[i], bounds[i + 1], takesUnknownRevenue: i == 0)));
        return new PipelineOptions
        {
            CampaignShards = 30,
            Campaigns = CampaignNames.Select((n, i) => new ColdEmail.Pipeline.Sync.CampaignOptions
            {
                Name = n, InstantlyCampaignId = Sandbox.CampaignIds[n], Routing = routing, DailyCapacity = 20, UseInstantlyDailyLimit = false, InventoryMultiplier = 1,
            }).ToList(),
            RateLimiter = new() { Enabled = false },
            // Small batches, so a drain hands out enough of them to reach every node's workers.
            Drain = new ColdEmail.Pipeline.Drain.DrainOptions
            {
                BatchSize = 10, Workers = 2, CampaignIds = CampaignNames.Select(n => Sandbox.CampaignIds[n]).ToList(),
                // After its node died, a new workspace budget grants nothing for one window (a minute): batches wait for permits.
                BatchTimeout = TimeSpan.FromMinutes(3),
            },
            Restart = new() { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
            RunTimeout = TimeSpan.FromMinutes(4),
        };
    }

    /// <summary>Starts a node that joins the first node (or forms the cluster when it is the first) and waits until it is up.</summary>
    /// <param name="http">Also serve the daemon's HTTP face with GET /cluster (as `coldemail run` does) on a free loopback port.</param>
    /// <param name="discovery">Join through discovery with these settings instead of the first node as seed node.</param>
    /// <param name="port">Remoting port (0: any free one).</param>
    /// <param name="stableAfter">The split-brain resolver's stable-after (how long a node stays unreachable before it is downed).</param>
    /// <param name="tune">Changes to the pipeline options of this node.</param>
    /// <param name="schedule">Register what a scheduled run does (as `coldemail run` does), so the catalog's schedule runs.</param>
    /// <param name="holdAdds">The node's bulk adds are held from the start (<see cref="HeldAdds"/>).</param>
    public async Task<ClusterNode> StartNodeAsync(int minimumMembers = 1, bool waitUntilUp = true, bool http = false, ClusterDiscoverySettings? discovery = null, int port = 0,
        TimeSpan? stableAfter = null, Func<PipelineOptions, PipelineOptions>? tune = null, bool schedule = false, bool holdAdds = false)
    {
        var seeds = _nodes.Count == 0 || discovery is not null ? [] : new[] { _nodes[0].Address };
        var cluster = new ClusterSettings(true, "127.0.0.1", port, seeds)
        {
            ExpectedNodes = 3, MinimumMembers = minimumMembers, StableAfter = stableAfter ?? TimeSpan.FromSeconds(2),
            FallbackAfter = TimeSpan.FromMilliseconds(500), Discovery = discovery ?? ClusterDiscoverySettings.Seeds,
        };
        var options = tune is null ? Options() : tune(Options());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // Each node reaches the one sandbox through its own wrapper, so a test can hold one node's bulk adds.
        var instantly = new HeldAdds(Client);
        if (holdAdds) instantly.Hold();
        if (schedule) builder.Services.AddSingleton<ColdEmail.Pipeline.Schedule.IScheduledRuns, ColdEmail.Cli.Hosting.PipelineScheduledRuns>();
        builder.Services.AddSingleton<IInstantlyApi>(instantly);
        builder.Services.AddSingleton<ILeadWarehouse>(Warehouse);
        builder.Services.AddSingleton(Clock);
        builder.Services.AddSingleton<IRunNotifier, LoggingRunNotifier>();
        builder.Services.AddSingleton<ScheduleGate>();
        builder.Services.AddAkka(ClusterHosting.SystemName, (akka, _) =>
        {
            akka.AddHocon(FastCluster, HoconAddMode.Prepend);
            // No serialize-messages here: it also round-trips Akka's own local cluster events, and Newtonsoft cannot
            // read ReachabilityChanged back (an ImmutableDictionary with preserved references), so the split-brain
            // resolver silently missed reachability changes and never downed a dead node. Between these nodes every
            // message of ours crosses real remoting, which serializes it for real; the Pipeline specs keep the
            // local check.
            akka.AddColdEmailJournal(Journal);
            akka.AddColdEmailCluster(cluster, Journal, BudgetLimits.Instantly with { ExpectedNodes = 3 }, TimeSpan.FromSeconds(5));
            akka.WithColdEmailShutdownPhases(options.ShutdownSettle);
            akka.AddColdEmailPipeline(options);
        });
        builder.Services.AddColdEmailPipelineFacade(options.RunTimeout);
        if (http)
        {
            builder.Services.AddSingleton<IDaemonEndpoints>(sp => new ClusterStatusEndpoints(sp.GetRequiredService<ActorSystem>(), true, CampaignNames));
            builder.Services.AddSingleton(sp => new DaemonHttpServer(sp, new HttpSettings(true, [new Uri("http://127.0.0.1:0")]), Serilog.Core.Logger.None));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DaemonHttpServer>());
        }
        var host = builder.Build();
        await host.StartAsync();
        var node = new ClusterNode(host, instantly);
        _nodes.Add(node);
        if (waitUntilUp) await node.UpAsync(TimeSpan.FromSeconds(30));
        return node;
    }

    /// <summary>Starts <paramref name="count"/> nodes that form one cluster together (none is up before all have joined) and waits until all are up.</summary>
    public async Task<ClusterNode[]> StartNodesAsync(int count, TimeSpan? stableAfter = null, Func<PipelineOptions, PipelineOptions>? tune = null,
        bool schedule = false, bool holdAdds = false)
    {
        var nodes = new ClusterNode[count];
        // One below the node count, as the settings require (coldemail.cluster.minimum-members): with all of them, the shard
        // coordinator that takes over from a dead node would wait for that node forever.
        for (var i = 0; i < count; i++)
            nodes[i] = await StartNodeAsync(minimumMembers: Math.Max(1, count - 1), waitUntilUp: false, stableAfter: stableAfter, tune: tune, schedule: schedule, holdAdds: holdAdds);
        await Task.WhenAll(nodes.Select(n => n.UpAsync(TimeSpan.FromSeconds(120))));
        return nodes;
    }

    /// <summary>
    /// The oldest member, where the singletons (catalog, budget, drain, sharding coordinator) run. Not necessarily the first
    /// node started: nodes that wait for the minimum number of members become Up together, and Akka numbers them in address order.
    /// </summary>
    public static ClusterNode Oldest(IReadOnlyList<ClusterNode> nodes)
    {
        var members = Akka.Cluster.Cluster.Get(nodes.First(n => !n.Stopped).System).State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up).ToList();
        var oldest = members.Aggregate((a, b) => a.IsOlderThan(b) ? a : b);
        return nodes.Single(n => n.Address == oldest.Address.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) node.Instantly.Drop();
        await Task.WhenAll(_nodes.Select(n => n.StopAsync()));
        Client.Dispose();
        await Sandbox.DisposeAsync();
        await Warehouse.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the temp cleaner takes it.
        }
    }
}

/// <summary>One node: its host, actor system and what it can tell about itself.</summary>
public sealed class ClusterNode(IHost host, HeldAdds instantly)
{
    /// <summary>This node's way to Instantly (the shared sandbox), whose bulk adds a test can hold.</summary>
    public HeldAdds Instantly { get; } = instantly;

    public IHost Host { get; } = host;
    public ActorSystem System { get; } = host.Services.GetRequiredService<ActorSystem>();
    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();
    public ColdEmailPipeline Pipeline => Host.Services.GetRequiredService<ColdEmailPipeline>();
    public bool Stopped { get; private set; }
    public ScheduleGate Gate => Host.Services.GetRequiredService<ScheduleGate>();

    /// <summary>The node's HTTP face (nodes started with http: true).</summary>
    public string HttpUrl => Host.Services.GetRequiredService<DaemonHttpServer>().BoundUrls[0];

    /// <summary>Every <see cref="WorkspaceBudgetLifecycle"/> this node published since <see cref="Record"/> was called.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<WorkspaceBudgetLifecycle> BudgetEvents { get; } = new();

    public void Record()
    {
        var events = BudgetEvents;
        var recorder = System.ActorOf(Props.Create(() => new Recorder(events)));
        System.EventStream.Subscribe(recorder, typeof(WorkspaceBudgetLifecycle));
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(System.Collections.Concurrent.ConcurrentQueue<WorkspaceBudgetLifecycle> events) =>
            Receive<WorkspaceBudgetLifecycle>(events.Enqueue);
    }

    public async Task UpAsync(TimeSpan timeout)
    {
        var up = new TaskCompletionSource();
        Akka.Cluster.Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(timeout);
    }

    /// <summary>This node's drain worker pool: how many batches the coordinator (wherever it runs) handed it.</summary>
    public Task<ColdEmail.Pipeline.Drain.DrainWorkerStatus> DrainWorkersAsync() =>
        System.ActorSelection(ColdEmail.Pipeline.Cluster.ClusterDrain.WorkersPath)
            .Ask<ColdEmail.Pipeline.Drain.DrainWorkerStatus>(ColdEmail.Pipeline.Drain.GetDrainWorkerStatus.Instance, TimeSpan.FromSeconds(5));

    /// <summary>The campaign entities this node hosts right now (entity ids).</summary>
    public async Task<IReadOnlyList<string>> HostedCampaignsAsync()
    {
        if (System.WhenTerminated.IsCompleted) return [];
        var region = ClusterSharding.Get(System).ShardRegion(CampaignSharding.TypeName);
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(5));
        return state.Shards.SelectMany(s => s.EntityIds).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A crash: the actor system dies without leaving the cluster; the others must notice and down it.</summary>
    public async Task CrashAsync()
    {
        Stopped = true;
        ((Akka.Actor.Internal.ActorSystemImpl)System).Abort();
        await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        Stopped = true;
        try
        {
            // Bounds a graceful leave, which waits for the schedule's settle time (the options' ShutdownSettle) on the catalog's node.
            await Host.StopAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            Host.Dispose();
        }
    }
}
