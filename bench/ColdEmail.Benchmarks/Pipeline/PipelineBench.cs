using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// The whole pipeline as the daemon runs it (generic host, Akka.Hosting, SQLite journal, DuckDB file)
/// against a sandbox, either in this process or an external one (<c>--sandbox-url</c>, so the
/// pipeline's own memory can be measured without the simulator's).
/// </summary>
internal sealed class PipelineBench : IAsyncDisposable
{
    private IHost? _host;
    public required string Folder { get; init; }
    public required SimulatedClock Clock { get; init; }
    public SandboxServer? Sandbox { get; init; }
    public required InstantlyHttpClient Client { get; init; }
    public required DuckDbLeadWarehouse Warehouse { get; init; }
    public ColdEmailPipeline Pipeline => _host!.Services.GetRequiredService<ColdEmailPipeline>();

    public static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static int IntArg(string[] args, string name, int fallback) => int.Parse(Arg(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static async Task<PipelineBench> CreateAsync(string[] args, int prospects, RateLimitOptions? sandboxLimits = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
        var external = Arg(args, "--sandbox-url", "");
        SandboxServer? sandbox = null;
        InstantlyClientOptions clientOptions;
        if (external.Length > 0)
            clientOptions = new InstantlyClientOptions { BaseAddress = new Uri(external), ApiKey = Arg(args, "--api-key", "sandbox-key"), Timeout = TimeSpan.FromSeconds(60) };
        else
        {
            sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = sandboxLimits ?? RateLimitOptions.Off, SaveOnStop = false, TimeProvider = clock });
            clientOptions = new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey, Timeout = TimeSpan.FromSeconds(60) };
        }
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(folder, "warehouse.duckdb"), TimeProvider: clock, Resources: Resources(args)));
        await warehouse.EnsureSchemaAsync();
        if (prospects > 0)
        {
            var load = Stopwatch.StartNew();
            await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(5, ProspectMix.Clean).Generate(prospects));
            Console.WriteLine($"loaded {prospects:N0} prospects into DuckDB in {load.Elapsed.TotalSeconds:F1} s");
        }
        return new PipelineBench { Folder = folder, Clock = clock, Sandbox = sandbox, Client = new InstantlyHttpClient(clientOptions), Warehouse = warehouse };
    }

    /// <summary>
    /// coldemail.warehouse.duckdb's memory-limit, reading-memory-limit and threads: the product defaults unless
    /// --memory-limit / --reading-memory-limit / --threads say otherwise (e.g. --memory-limit 64GB to measure DuckDB without
    /// a practical limit, as before the setting existed; a reading limit equal to the memory limit keeps one limit throughout).
    /// </summary>
    public static DuckDbResourceOptions Resources(string[] args)
    {
        var options = new DuckDbResourceOptions(
            Arg(args, "--memory-limit", DuckDbResourceOptions.DefaultMemoryLimit),
            IntArg(args, "--threads", DuckDbResourceOptions.DefaultThreads))
        {
            ReadingMemoryLimit = Arg(args, "--reading-memory-limit", DuckDbResourceOptions.DefaultReadingMemoryLimit),
        };
        Console.WriteLine($"DuckDB memory_limit {options.MemoryLimit} ({options.ReadingMemoryLimit} while ranked ready sets are read), threads {options.Threads}");
        return options;
    }

    /// <summary>Both campaigns, each stocked to <paramref name="perCampaign"/>, rate limiting off unless given.</summary>
    public static PipelineOptions Options(int perCampaign, RateLimiterOptions? limiter = null) => new()
    {
        Campaigns =
        [
            new() { Name = "SMB", DailyCapacity = perCampaign, UseInstantlyDailyLimit = false, InventoryMultiplier = 1 },
            new() { Name = "Midsize", DailyCapacity = perCampaign, UseInstantlyDailyLimit = false, InventoryMultiplier = 1 },
        ],
        Sync = new() { BatchSize = 1000, MaxLeadsPerRun = perCampaign, BatchParallelism = 4, WarehousePageSize = 5000, VerificationEnabled = false, SnapshotEvery = 200 },
        Drain = new() { BatchSize = 2000, Workers = 6, DeleteChunk = 1000 },
        RateLimiter = limiter ?? new() { Enabled = false },
        Gateway = new() { MaxInFlight = 64 },
        RunTimeout = TimeSpan.FromHours(2),
    };

    public async Task StartAsync(PipelineOptions options)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IInstantlyApi>(Client);
        builder.Services.AddSingleton<ILeadWarehouse>(Warehouse);
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<IRunNotifier, LoggingRunNotifier>();
        // BENCH_INMEM_JOURNAL=1 swaps the SQLite journal for the in-memory one, to see what the journal costs.
        var inMemoryJournal = Environment.GetEnvironmentVariable("BENCH_INMEM_JOURNAL") == "1";
        builder.Services.AddAkka("coldemail-bench", b =>
        {
            b.AddHocon(ConfigurationFactory.ParseString("akka.loglevel = WARNING"), HoconAddMode.Prepend);
            if (inMemoryJournal)
                b.AddHocon(ConfigurationFactory.ParseString(
                    "akka.persistence.journal.plugin = \"akka.persistence.journal.inmem\"\n" +
                    "akka.persistence.snapshot-store.plugin = \"akka.persistence.snapshot-store.inmem\""), HoconAddMode.Prepend);
            else b.AddColdEmailPersistence(Path.Combine(Folder, "data", "coldemail.db"));
            b.AddColdEmailPipeline(options);
        });
        builder.Services.AddColdEmailPipelineFacade(options.RunTimeout);
        _host = builder.Build();
        await _host.StartAsync();
    }

    public static string Memory()
    {
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return $"peak working set {p.PeakWorkingSet64 / 1_048_576.0:F0} MB, working set {p.WorkingSet64 / 1_048_576.0:F0} MB, GC heap {GC.GetTotalMemory(false) / 1_048_576.0:F0} MB";
    }

    /// <summary>
    /// Brings the process to where a daemon is between runs before a measured run: the warehouse file released (its
    /// idle release, <see cref="DuckDbResourceOptions.DefaultReleaseAfter"/>, closes DuckDB and frees its memory) and the
    /// fixture's garbage collected (generating and loading the prospects leaves large lists behind that no daemon has).
    /// </summary>
    public static async Task SettleAfterSetupAsync()
    {
        if (Environment.GetEnvironmentVariable("BENCH_NO_SETTLE") == "1") return;
        await Task.Delay(DuckDbResourceOptions.DefaultReleaseAfter + TimeSpan.FromSeconds(1));
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        Client.Dispose();
        if (Sandbox is not null) await Sandbox.DisposeAsync();
        await Warehouse.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
