using System.Diagnostics;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Output;
using ColdEmail.Cli.Reports;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace ColdEmail.Cli.Demo;

/// <summary>What a demo run is made of.</summary>
/// <param name="Serve">`demo --serve`: the daemon's HTTP endpoint runs during the simulation and stays up afterwards.</param>
public sealed record DemoOptions(int Days, int Prospects, int Seed, string Folder, bool Serve = false);

/// <summary>
/// Everything embedded: a fresh DuckDB warehouse with generated prospects, the sandbox on a simulated clock
/// shared with the pipeline, and N simulated days of (sync, one day passes, drain).
/// </summary>
public sealed class DemoRunner(ColdEmailSettings baseSettings, ILogger logger, CliConsole console)
{
    /// <param name="serving">With <see cref="DemoOptions.Serve"/>: called with the report and the status page's addresses while
    /// the pipeline, the sandbox and the HTTP endpoint still run; they stop when it returns.</param>
    public async Task<DemoReport> RunAsync(DemoOptions o, CancellationToken ct, Func<DemoReport, IReadOnlyList<string>, Task>? serving = null)
    {
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(o.Folder);
        var settings = DemoSettings(baseSettings, o.Folder);
        // So the user can explore afterwards: `coldemail report --config <folder>/demo.conf`.
        await File.WriteAllTextAsync(Path.Combine(o.Folder, "demo.conf"),
            $"coldemail.warehouse.duckdb.path = {System.Text.Json.JsonSerializer.Serialize(settings.Warehouse.DuckDb.Path)}\n" +
            $"coldemail.persistence.sqlite.path = {System.Text.Json.JsonSerializer.Serialize(settings.Persistence.SqlitePath)}\n", ct);
        var clock = new SimulatedClock();

        await using var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(settings.Warehouse.DuckDb.Path, null, clock, settings.Campaigns.Routing,
            Lease.DuckDbResources.From(settings, null), settings.FeatureFlags.EmailVerificationEnabled));
        await warehouse.EnsureSchemaAsync(ct);
        var loaded = await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(o.Seed).Generate(o.Prospects), ct);
        logger.Information("Generated {Count} prospects into {Path}", loaded, settings.Warehouse.DuckDb.Path);

        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            TimeProvider = clock,
            RateLimits = RateLimitOptions.Off,
            SaveOnStop = false,
            Seed = o.Seed,
            Campaigns = settings.Campaigns.Enabled.Select(c => new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength)).ToList(),
        }, ct);
        using var instantly = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey }, clock);
        var notifier = NotifierFactory.Create(settings.Notifications, logger, clock);
        await using var runtime = await PipelineRuntime.StartAsync(
            new PipelineRuntimeOptions(settings, warehouse, instantly, clock, logger, notifier, sandbox.CampaignIds,
                o.Serve ? services => services.AddDaemonHttp(logger) : null), ct);

        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        var drained = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var progress = new ProgressLine(console.Err, console.IsTerminal, o.Days);
        for (var day = 1; day <= o.Days; day++)
        {
            var sync = await runtime.Pipeline.SyncOnceAsync(ct);
            foreach (var (campaign, count) in sync.CampaignBreakdown)
            {
                added[campaign] = added.GetValueOrDefault(campaign) + count;
            }
            failures.AddRange(sync.Failures.Select(f => $"day {day} sync: {f}"));
            failures.AddRange(sync.Campaigns.Where(c => c.DeadLettered > 0).Select(c => $"day {day} sync: {c.DeadLettered} leads of {c.Campaign} became dead letters"));

            sandbox.AdvanceDays(1);

            var drain = await runtime.Pipeline.DrainOnceAsync(ct);
            foreach (var (reason, count) in drain.DrainResults)
            {
                drained[reason] = drained.GetValueOrDefault(reason) + count;
            }
            failures.AddRange(drain.Failures.Select(f => $"day {day} drain: {f}"));
            progress.Report(day, $"{clock.GetUtcNow():yyyy-MM-dd} · added {added.Values.Sum()} · drained {drained.Values.Sum()}");
        }

        var dashboard = await ReportData.LoadAsync(warehouse, clock.GetUtcNow(), o.Days + 1, ct);
        var report = new DemoReport(o.Days, o.Prospects, o.Folder, Math.Round(stopwatch.Elapsed.TotalSeconds, 1), o.Days, o.Days,
            added.Values.Sum(), drained.Values.Sum(), added, drained, failures, dashboard);
        if (o.Serve && serving is not null)
        {
            await serving(report, runtime.Host.Services.GetRequiredService<DaemonHttpServer>().BoundUrls);
        }
        return report;
    }

    /// <summary>The demo keeps every file in its folder and paces requests only as the sandbox needs (it has no limits).</summary>
    internal static ColdEmailSettings DemoSettings(ColdEmailSettings s, string folder) => s with
    {
        Warehouse = s.Warehouse with { Kind = WarehouseKind.DuckDb, DuckDb = new DuckDbSettings(Path.Combine(folder, "warehouse.duckdb"), null) },
        Persistence = new PersistenceSettings(Path.Combine(folder, "coldemail.db")),
        RateLimit = s.RateLimit with { MinDelay = TimeSpan.Zero, RequestsPerSecond = 10_000, RequestsPerMinute = 600_000 },
    };
}
