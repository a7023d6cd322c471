using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.LiveTuning;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Catalog;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Supervision;
using Microsoft.Extensions.DependencyInjection;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Serilog;
using Serilog.Events;

namespace ColdEmail.Cli.Tests.LiveTuning;

/// <summary>Issue 7: a running pipeline picks up file and config-table changes; invalid ones change nothing.</summary>
public sealed class LiveTuningTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempWorkspace _ws = new();
    private readonly ConcurrentLog _log = new();
    private DuckDbLeadWarehouse _warehouse = null!;
    private SandboxServer _sandbox = null!;
    private InstantlyHttpClient _instantly = null!;
    private PipelineRuntime _runtime = null!;
    private LiveSettings _live = null!;
    private LiveTuner _tuner = null!;
    private SettingsWatcher _watcher = null!;
    private ILogger _logger = null!;
    private DateTime _started;

    // No scheduled run unless a test shortens an interval (the schedule runs in every test: the host registers its runs).
    private const string Baseline = "coldemail.rate-limit.min-delay = 100ms\ncoldemail.schedules.run-on-start = off";

    public async Task InitializeAsync()
    {
        _ws.WriteConfig(Baseline);
        _logger = Logging.Create(CliConsole.Captured(new StringWriter(), _log), "text", LogEventLevel.Information);
        _warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(_ws.WarehousePath));
        await _warehouse.EnsureSchemaAsync();
        await _warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(11).Generate(300));
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false, TimeProvider = TimeProvider.System });
        _instantly = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = _sandbox.BaseAddress, ApiKey = _sandbox.ApiKey });
        var settings = Load();
        var notifier = NotifierFactory.Create(settings.Notifications, _logger, TimeProvider.System);
        _runtime = await PipelineRuntime.StartAsync(new PipelineRuntimeOptions(settings, _warehouse, _instantly, TimeProvider.System, _logger, notifier, _sandbox.CampaignIds,
            services => services.AddSingleton<IScheduledRuns, PipelineScheduledRuns>()), default);
        _started = DateTime.UtcNow;
        _live = new LiveSettings(settings);
        _tuner = new LiveTuner(_live, _ws.ConfigFile, _warehouse, _runtime.Pipeline, notifier, _sandbox.CampaignIds, _ => null, _logger);
        _watcher = new SettingsWatcher(() => _tuner, _live, _ws.ConfigFile, _warehouse, _logger);
        await _watcher.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _watcher.StopAsync(default);
        _watcher.Dispose();
        await _runtime.DisposeAsync();
        _instantly.Dispose();
        await _sandbox.DisposeAsync();
        await _warehouse.DisposeAsync();
        _ws.Dispose();
    }

    private ColdEmailSettings Load() =>
        SettingsLoader.Load(new SettingsSources(_ws.ConfigFile, Environment: _ => null)).Settings;

    private async Task Eventually(Func<Task<bool>> condition, string what, Func<string>? log = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "never happened: " + what + "\n" + (log ?? LogText)());
            await Task.Delay(50);
        }
    }

    private string LogText() => _log.ToString();

    [Fact]
    public async Task Editing_the_file_changes_the_limiter_pacing_and_a_campaign_target()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await _runtime.Pipeline.GetRateLimiterStatusAsync()).CurrentDelay);

        _ws.WriteConfig("coldemail.rate-limit.min-delay = 300ms\ncoldemail.campaigns.smb.daily-limit = 10");

        await Eventually(async () => (await _runtime.Pipeline.GetRateLimiterStatusAsync()).CurrentDelay == TimeSpan.FromMilliseconds(300), "limiter at 300 ms");
        // The limiter takes the change before the catalog has passed it to the campaigns and answered the tuner.
        await Eventually(() => Task.FromResult(_live.Current.Campaigns.Find("smb")!.DailyLimit == 10), "smb daily limit 10");
        // The tuner publishes the new settings, then logs what it applied: the line may trail the settings by a moment.
        await Eventually(() => Task.FromResult(LogText().Contains("coldemail.rate-limit.min-delay 100ms → 300ms")), "the change logged");

        var sync = await _runtime.Pipeline.SyncOnceAsync();
        Assert.Equal(35, sync.Campaigns.Single(c => c.Campaign == "smb").Plan!.Target);
    }

    [Fact]
    public async Task A_reload_for_the_config_table_waits_for_a_file_being_saved_instead_of_applying_its_defaults()
    {
        // A wide window, so the save below surely falls inside it however slow the machine.
        _ws.WriteConfig(Baseline + "\ncoldemail.live-tuning.debounce = 2s");
        await Eventually(() => Task.FromResult(_live.Current.LiveTuning.Debounce == TimeSpan.FromSeconds(2)), "a 2 s debounce");

        // An editor's save caught between truncating the file and writing it, while the config-table poll reloads.
        File.WriteAllText(_ws.ConfigFile, "");
        var reload = _tuner.ReloadAsync("warehouse config table", default);
        await Task.Delay(300);
        _ws.WriteConfig(Baseline + "\ncoldemail.live-tuning.debounce = 2s\ncoldemail.rate-limit.min-delay = 300ms");
        var outcome = await reload;

        Assert.True(outcome.Accepted, outcome.Error);
        Assert.DoesNotContain("coldemail.rate-limit.min-delay 100ms → 500ms", LogText()); // the defaults of an empty file
        Assert.Equal(TimeSpan.FromMilliseconds(300), (await _runtime.Pipeline.GetRateLimiterStatusAsync()).CurrentDelay);
    }

    [Fact]
    public async Task An_invalid_edit_is_rejected_naming_the_key_and_changes_nothing()
    {
        var before = _live.Current;
        _ws.WriteConfig("coldemail.rate-limit.min-delay = fast\ncoldemail.campaigns.smb.daily-limit = 10");

        await Eventually(() => Task.FromResult(LogText().Contains("Rejected settings change")), "a rejection logged");
        Assert.Contains("coldemail.rate-limit.min-delay", LogText());
        Assert.Same(before, _live.Current);
        Assert.Equal(TimeSpan.FromMilliseconds(100), (await _runtime.Pipeline.GetRateLimiterStatusAsync()).CurrentDelay);
        var sync = await _runtime.Pipeline.SyncOnceAsync();
        Assert.Equal(175, sync.Campaigns.Single(c => c.Campaign == "smb").Plan!.Target);

        // The daemon keeps watching: a good edit afterwards still applies.
        _ws.WriteConfig("coldemail.rate-limit.min-delay = 250ms");
        await Eventually(async () => (await _runtime.Pipeline.GetRateLimiterStatusAsync()).CurrentDelay == TimeSpan.FromMilliseconds(250), "limiter at 250 ms");
    }

    [Fact]
    public async Task A_config_table_change_is_picked_up_at_the_next_poll()
    {
        await _warehouse.WriteConfigAsync("processing_limits", """{"inventory_multiplier": 2.0}""", DateTimeOffset.UtcNow);

        await Eventually(() => Task.FromResult(_live.Current.Limits.InventoryMultiplier == 2.0), "multiplier 2.0 from the config table");
        // The poller applies the settings, then logs the diff: wait for the line rather than read it in between.
        await Eventually(() => Task.FromResult(LogText().Contains("coldemail.limits.inventory-multiplier 3.5 → 2.0", StringComparison.Ordinal)),
            "the change logged with its old and new value");
        var sync = await _runtime.Pipeline.SyncOnceAsync();
        Assert.Equal(100, sync.Campaigns.Single(c => c.Campaign == "smb").Plan!.Target);
    }

    [Fact]
    public async Task Restart_only_keys_are_reported_and_not_applied()
    {
        var before = _live.Current;
        _ws.WriteConfig(Baseline + "\ncoldemail.persistence.sqlite.path = \"elsewhere.db\"\ncoldemail.limits.max-leads-per-run = 7");
        var outcome = await _tuner.ReloadAsync("test", default);

        Assert.True(outcome.Accepted);
        Assert.Equal("coldemail.persistence.sqlite.path", Assert.Single(outcome.Diff.RestartOnly).Key);
        Assert.Equal(before.Persistence, _live.Current.Persistence);
        Assert.Equal(7, _live.Current.Limits.MaxLeadsPerRun);
        Assert.Contains("needs a restart; not applied", LogText());
    }

    private async Task<int> RunsAsync(string kind) => (await _warehouse.ListRunsAsync(100)).Count(r => r.Kind == kind);

    [Fact]
    public async Task The_catalogs_schedule_runs_through_the_facade_and_a_live_interval_from_the_file_applies_at_once()
    {
        var supervisor = _runtime.Host.Services.GetRequiredService<ActorRegistry>().Get<PipelineSupervisor>();
        var catalog = await supervisor.Ask<CatalogStatus>(GetCatalogStatus.Instance, TimeSpan.FromSeconds(10));
        Assert.True(catalog.RunsSchedule);
        // run-on-start is off in the baseline and the intervals are 30 min / 2 h: nothing has run yet.
        Assert.Equal(0, await RunsAsync("sync"));

        // A 1-second sync interval, more than a second after the start: the sync is overdue and runs at once, through the
        // facade (which records it in ops_runs), then every second; the drain keeps its 2 h.
        await Eventually(() => Task.FromResult(DateTime.UtcNow - _started > TimeSpan.FromSeconds(1)), "a second since the start");
        _ws.WriteConfig(Baseline + "\ncoldemail.schedules.sync-interval = 1s");
        Assert.True((await _tuner.ReloadAsync("test", default)).Accepted);
        await Eventually(async () => await RunsAsync("sync") >= 2, "two syncs on the 1-second interval");
        Assert.Equal(0, await RunsAsync("drain"));

        // SIGTERM's path: the stop reaches the schedule, which lets the run in progress settle and reports no failure.
        var stopped = await supervisor.Ask<ScheduleStopped>(new StopSchedule(TimeSpan.FromSeconds(30)), TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), (stopped.Failures, stopped.CutOff));
    }
}
