using System.Diagnostics;
using ColdEmail.Cli.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Serilog;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// Issue 12, "memory is flat over 100 consecutive sync+drain cycles of the demo": the demo's set-up (generated DuckDB
/// warehouse, sandbox in-process on a simulated clock, the daemon's pipeline host) and N cycles of sync, a day passes,
/// drain, with the process's memory after every cycle. The sandbox's own state (every lead it ever held) grows with the
/// days and is part of this process, so a small upward drift is the simulator, not the pipeline.
/// </summary>
public sealed class DemoCyclesHarness : IHarness
{
    public string Name => "demo-cycles";
    public string Description => "memory over demo sync+drain cycles: --cycles N (default 100) --prospects N (default 3000) [--pause-ms 0] [--memory-limit 128MB --threads 2]";

    public async Task<int> RunAsync(string[] args)
    {
        var cycles = PipelineBench.IntArg(args, "--cycles", 100);
        var prospects = PipelineBench.IntArg(args, "--prospects", 3000);
        // --pause-ms N: idle between cycles, as a daemon is between its runs (at >= 2000 the warehouse file's idle release
        // closes DuckDB after every cycle); 0, back to back, keeps one DuckDB instance open throughout.
        var pause = TimeSpan.FromMilliseconds(PipelineBench.IntArg(args, "--pause-ms", 0));
        var folder = Path.Combine(Path.GetTempPath(), "coldemail-bench", "cycles-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var defaults = ColdEmailSettings.Defaults;
        var settings = defaults with
        {
            Warehouse = defaults.Warehouse with { DuckDb = new DuckDbSettings(Path.Combine(folder, "warehouse.duckdb"), null) },
            Persistence = new PersistenceSettings(Path.Combine(folder, "coldemail.db")),
            RateLimit = defaults.RateLimit with { MinDelay = TimeSpan.Zero, RequestsPerSecond = 10_000, RequestsPerMinute = 600_000 },
        };
        var clock = new SimulatedClock();
        var logger = new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console().CreateLogger();
        try
        {
            await using var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(settings.Warehouse.DuckDb.Path, null, clock, settings.Campaigns.Routing, PipelineBench.Resources(args)));
            await warehouse.EnsureSchemaAsync();
            await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(42).Generate(prospects));
            await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
            {
                TimeProvider = clock, RateLimits = RateLimitOptions.Off, SaveOnStop = false, Seed = 42,
                Campaigns = settings.Campaigns.Enabled.Select(c => new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength)).ToList(),
            });
            using var instantly = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey }, clock);
            var notifier = NotifierFactory.Create(settings.Notifications, logger, clock);
            await using var runtime = await PipelineRuntime.StartAsync(
                new PipelineRuntimeOptions(settings, warehouse, instantly, clock, logger, notifier, sandbox.CampaignIds), CancellationToken.None);

            // Live heap: what a full collection leaves, taken on the printed rows only, after their other figures. It tells
            // state that grows from garbage not yet collected (the GC heap column), at the price of one forced collection
            // every tenth cycle.
            Console.WriteLine("cycle  added  drained  working set MB  max during cycle MB  GC heap MB  live heap MB  seconds  native memory");
            var first = (Ws: 0.0, Heap: 0.0, Live: 0.0);
            var last = first;
            long added = 0, drained = 0;
            for (var cycle = 1; cycle <= cycles; cycle++)
            {
                var watch = Stopwatch.StartNew();
                using var sampler = new MemorySampler();
                var sync = await runtime.Pipeline.SyncOnceAsync();
                sandbox.AdvanceDays(1);
                var drain = await runtime.Pipeline.DrainOnceAsync();
                sampler.Dispose();
                added += sync.TotalLeadsCreated;
                drained += drain.DrainResults.Values.Sum();
                using var p = Process.GetCurrentProcess();
                var now = (Ws: p.WorkingSet64 / 1_048_576.0, Heap: GC.GetTotalMemory(false) / 1_048_576.0, Live: 0.0);
                if (pause > TimeSpan.Zero) await Task.Delay(pause);
                if (cycle == 1 || cycle % 10 == 0 || cycle == cycles)
                {
                    var native = NativeHeaps.Take();
                    now.Live = GC.GetTotalMemory(forceFullCollection: true) / 1_048_576.0;
                    Console.WriteLine($"{cycle,5}  {added,5}  {drained,7}  {now.Ws,13:F0}  {sampler.MaxWorkingSetMb,19:F0}  {now.Heap,10:F0}  {now.Live,12:F1}  {watch.Elapsed.TotalSeconds,7:F1}  {native}");
                }
                if (cycle == 1) first = now;
                last = now;
            }
            Console.WriteLine($"first cycle: working set {first.Ws:F0} MB, GC heap {first.Heap:F0} MB, live heap {first.Live:F1} MB; " +
                $"last cycle ({cycles}): working set {last.Ws:F0} MB, GC heap {last.Heap:F0} MB, live heap {last.Live:F1} MB; {PipelineBench.Memory()}");
            return 0;
        }
        finally
        {
            await logger.DisposeAsync();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
