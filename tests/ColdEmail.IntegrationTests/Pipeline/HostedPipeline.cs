using ColdEmail.Domain.Routing;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.IntegrationTests.Pipeline;

/// <summary>
/// The pipeline as the CLI runs it: a generic host with Akka.Hosting, the SQLite journal in a temp
/// folder, the sandbox on Kestrel over HTTP and a DuckDB warehouse file, all on one simulated clock.
/// </summary>
public sealed class HostedPipeline : IAsyncDisposable
{
    private IHost? _host;

    public required string Folder { get; init; }
    public required SimulatedClock Clock { get; init; }
    public required SandboxServer Sandbox { get; init; }
    public required InstantlyHttpClient Client { get; init; }
    public required DuckDbLeadWarehouse Warehouse { get; init; }
    public string JournalFile => Path.Combine(Folder, "data", "coldemail.db");
    public ColdEmailPipeline Pipeline => _host!.Services.GetRequiredService<ColdEmailPipeline>();
    public Akka.Actor.ActorSystem System => _host!.Services.GetRequiredService<Akka.Actor.ActorSystem>();

    public static async Task<HostedPipeline> StartAsync(int prospects, FaultOptions? faults = null, int seed = 11)
    {
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-integration", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            RateLimits = RateLimitOptions.Off, SaveOnStop = false, TimeProvider = clock, Seed = seed, Faults = faults ?? FaultOptions.None,
        });
        var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey, Timeout = TimeSpan.FromSeconds(30) });
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(folder, "warehouse.duckdb"), TimeProvider: clock));
        await warehouse.EnsureSchemaAsync();
        await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(seed).Generate(prospects));
        return new HostedPipeline { Folder = folder, Clock = clock, Sandbox = sandbox, Client = client, Warehouse = warehouse };
    }

    private static readonly CampaignRouting Routing = new([
        new CampaignRoute("SMB", null, 1_000_000m, takesUnknownRevenue: true),
        new CampaignRoute("Midsize", 1_000_000m, null),
    ]);

    /// <summary>SMB (unknown revenue too) and Midsize at the sandbox's ids, small and fast settings for tests.</summary>
    public PipelineOptions Options(int smb = 120, int midsize = 80) => new()
    {
        Campaigns =
        [
            new() { Name = "SMB", InstantlyCampaignId = Sandbox.CampaignIds["SMB"], Routing = Routing,
                DailyCapacity = smb, UseInstantlyDailyLimit = false, InventoryMultiplier = 1 },
            new() { Name = "Midsize", InstantlyCampaignId = Sandbox.CampaignIds["Midsize"], Routing = Routing,
                DailyCapacity = midsize, UseInstantlyDailyLimit = false, InventoryMultiplier = 1 },
        ],
        Sync = new() { BatchSize = 40, InRunRetryDelay = TimeSpan.FromMilliseconds(20), SnapshotEvery = 10 },
        Drain = new() { BatchSize = 50, Workers = 3 },
        RateLimiter = new() { Enabled = false },
        CircuitBreaker = new() { CoolDown = TimeSpan.FromMilliseconds(200), HalfOpenRetryAfter = TimeSpan.FromMilliseconds(50) },
        Restart = new() { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
        RunTimeout = TimeSpan.FromMinutes(2),
    };

    public async Task StartHostAsync(PipelineOptions options)
    {
        if (_host is not null) await StopHostAsync();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IInstantlyApi>(Client);
        builder.Services.AddSingleton<ILeadWarehouse>(Warehouse);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IRunNotifier, LoggingRunNotifier>();
        builder.Services.AddAkka("coldemail-it", b => b
            .AddColdEmailPersistence(JournalFile)
            .AddColdEmailPipeline(options));
        builder.Services.AddColdEmailPipelineFacade(options.RunTimeout);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task StopHostAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopHostAsync();
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
