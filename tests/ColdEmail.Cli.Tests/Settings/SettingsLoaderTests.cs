using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Settings;

public sealed class SettingsLoaderTests
{
    private static readonly Func<string, string?> NoEnv = _ => null;

    private static ColdEmailSettings Load(string text, Func<string, string?>? env = null, IReadOnlyList<ConfigEntry>? table = null) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, ConfigTable: table, Environment: env ?? NoEnv)).Settings;

    private static SettingsException Fails(string text, IReadOnlyList<ConfigEntry>? table = null) =>
        Assert.Throws<SettingsException>(() => Load(text, table: table));

    [Fact]
    public void Defaults_load_with_the_seed_values()
    {
        var s = Load("");
        Assert.Equal(new Uri("https://api.instantly.ai"), s.Instantly.BaseUrl);
        Assert.False(s.Instantly.ApiKey.IsSet);
        Assert.Equal(WarehouseKind.DuckDb, s.Warehouse.Kind);
        Assert.Equal("data/warehouse.duckdb", s.Warehouse.DuckDb.Path);
        Assert.Null(s.Warehouse.DuckDb.EligibleLeadsFile);
        Assert.Equal("data/coldemail.db", s.Persistence.SqlitePath);

        var smb = s.Campaigns.Find("smb")!;
        Assert.Null(smb.MinRevenue);
        Assert.Equal(1_000_000m, smb.MaxRevenue);
        Assert.Equal(50, smb.DailyLimit);
        Assert.Equal(5, smb.SequenceLength);
        var mid = s.Campaigns.Find("midsize")!;
        Assert.Equal(1_000_000m, mid.MinRevenue);
        Assert.Null(mid.MaxRevenue);
        Assert.Equal(30, mid.DailyLimit);
        Assert.Equal(7, mid.SequenceLength);
        Assert.Equal("smb", s.Campaigns.UnknownRevenueCampaign);

        Assert.Equal(100, s.Limits.MaxLeadsPerRun);
        Assert.Equal(60, s.Limits.MaxApiPages);
        Assert.Equal(3.5, s.Limits.InventoryMultiplier);
        Assert.Equal(90, s.Limits.StaleLeadDays);
        Assert.Equal(7, s.Limits.BounceGraceDays);
        Assert.Equal(90, s.Limits.CooldownDays);
        Assert.Equal(1000, s.Limits.BulkBatchSize);

        Assert.Equal(100, s.RateLimit.RequestsPerSecond);
        Assert.Equal(6000, s.RateLimit.RequestsPerMinute);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.RateLimit.MinDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RateLimit.MaxDelay);
        Assert.True(s.RateLimit.Adaptive);
        Assert.Equal(10, s.CircuitBreaker.Window);
        Assert.Equal(0.8, s.CircuitBreaker.FailureThreshold);
        Assert.Equal(TimeSpan.FromMinutes(30), s.Schedules.SyncInterval);
        Assert.Equal(TimeSpan.FromHours(2), s.Schedules.DrainInterval);
        Assert.Equal(new FeatureFlags(true, true, true, true, true), s.FeatureFlags);
        Assert.False(s.Notifications.SlackWebhookUrl.IsSet);
        Assert.Same(ColdEmailSettings.Defaults, ColdEmailSettings.Defaults);
    }

    [Fact]
    public void Routing_follows_revenue_ranges_and_unknown_revenue_goes_to_smb()
    {
        var s = Load("");
        Assert.Equal("smb", s.Campaigns.Routing.Route(999_999m, "US", null));
        Assert.Equal("midsize", s.Campaigns.Routing.Route(1_000_000m, null, null));
        Assert.Equal("smb", s.Campaigns.Routing.Route(null, "DE", "BY"));
    }

    [Fact]
    public void User_text_overrides_defaults_and_adds_campaigns()
    {
        var s = Load("""
            coldemail.limits.inventory-multiplier = 4.0
            coldemail.campaigns.midsize.max-revenue = 50000000
            coldemail.campaigns.enterprise { id = "3d5e7f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f", min-revenue = 50000000, max-revenue = null, daily-limit = 10, sequence-length = 9 , enabled = on }
            coldemail.rate-limit.min-delay = 2s
            """);
        Assert.Equal(4.0, s.Limits.InventoryMultiplier);
        Assert.Equal(TimeSpan.FromSeconds(2), s.RateLimit.MinDelay);
        Assert.Equal(3, s.Campaigns.All.Count);
        Assert.Equal("enterprise", s.Campaigns.Routing.Route(60_000_000m, null, null));
    }

    [Fact]
    public void Auto_scale_multiplier_is_off_by_default_switchable_and_live()
    {
        var defaults = Load("");
        Assert.False(defaults.Limits.AutoScaleMultiplier);
        var on = Load("coldemail.limits.auto-scale-multiplier = on");
        Assert.True(on.Limits.AutoScaleMultiplier);
        Assert.Equal(defaults.Limits.InventoryMultiplier, on.Limits.InventoryMultiplier);
        var change = Assert.Single(SettingsDiff.Between(defaults, on).Changes);
        Assert.Equal("coldemail.limits.auto-scale-multiplier", change.Key);
        Assert.False(change.RequiresRestart);
    }

    [Fact]
    public void Secrets_come_from_the_environment_and_are_masked()
    {
        var env = new Dictionary<string, string?> { ["INSTANTLY_API_KEY"] = "sk-live-abc123", ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/T/B/secret-token" };
        var s = Load("", env.GetValueOrDefault);
        Assert.Equal("sk-live-abc123", s.Instantly.ApiKey.Reveal());
        Assert.Equal("https://hooks.slack.com/services/T/B/secret-token", s.Notifications.SlackWebhookUrl.Reveal());

        var printed = s.ToString() + string.Join("\n", SettingsFlattener.Flatten(s).Select(l => l.ToString()));
        Assert.DoesNotContain("sk-live-abc123", printed);
        Assert.DoesNotContain("secret-token", printed);
        Assert.Contains("coldemail.instantly.api-key = ********", printed);
    }

    [Fact]
    public void A_key_in_the_file_beats_the_environment()
    {
        var s = Load("coldemail.instantly.api-key = from-file", k => k == "INSTANTLY_API_KEY" ? "from-env" : null);
        Assert.Equal("from-file", s.Instantly.ApiKey.Reveal());
    }

    [Theory]
    [InlineData("coldemail.limits.inventory-multiplyer = 4", "coldemail.limits.inventory-multiplyer", "unknown key")]
    [InlineData("coldemail.limitz { max-leads-per-run = 4 }", "coldemail.limitz", "unknown key")]
    [InlineData("coldemail.campaigns.smb.daily-limt = 4", "coldemail.campaigns.smb.daily-limt", "unknown key")]
    [InlineData("foo = 1", "foo", "unknown key")]
    [InlineData("coldemail.limits.max-leads-per-run = lots", "coldemail.limits.max-leads-per-run", "whole number")]
    [InlineData("coldemail.limits.max-leads-per-run = 0", "coldemail.limits.max-leads-per-run", "out of range")]
    [InlineData("coldemail.limits.inventory-multiplier = -1", "coldemail.limits.inventory-multiplier", "out of range")]
    [InlineData("coldemail.limits.auto-scale-multiplier = sometimes", "coldemail.limits.auto-scale-multiplier", "on/off")]
    [InlineData("coldemail.limits.bulk-batch-size = 5000", "coldemail.limits.bulk-batch-size", "out of range")]
    [InlineData("coldemail.rate-limit.min-delay = 5", "coldemail.rate-limit.min-delay", "duration")]
    [InlineData("coldemail.rate-limit.max-delay = 100ms", "coldemail.rate-limit.max-delay", "min-delay")]
    [InlineData("coldemail.circuit-breaker.failure-threshold = 1.5", "coldemail.circuit-breaker.failure-threshold", "out of range")]
    [InlineData("coldemail.feature-flags.auto-reply-detection = maybe", "coldemail.feature-flags.auto-reply-detection", "on/off")]
    [InlineData("coldemail.warehouse.kind = oracle", "coldemail.warehouse.kind", "duckdb, bigquery or postgres")]
    [InlineData("coldemail.warehouse.kind = bigquery", "coldemail.warehouse.bigquery.project", "must be set")]
    [InlineData("coldemail.warehouse.duckdb.eligible-leads-file = leads.xlsx", "coldemail.warehouse.duckdb.eligible-leads-file", ".csv or .parquet")]
    [InlineData("coldemail.warehouse.duckdb.eligible-leads-file = /nonexistent/leads.csv", "coldemail.warehouse.duckdb.eligible-leads-file", "not found")]
    [InlineData("coldemail.instantly.base-url = not-a-url", "coldemail.instantly.base-url", "URL")]
    [InlineData("coldemail.notifications.webhook-url = \"ftp://x\"", "coldemail.notifications.webhook-url", "URL")]
    [InlineData("coldemail.campaigns.smb.max-revenue = 2000000", "coldemail.campaigns.smb", "overlap")]
    [InlineData("coldemail.campaigns.smb.countries = [USA1]", "coldemail.campaigns.smb.countries", "region code")]
    [InlineData("coldemail.campaigns.midsize.max-revenue = 10", "coldemail.campaigns.midsize.max-revenue", "greater than")]
    [InlineData("coldemail.routing.unknown-revenue-campaign = nope", "coldemail.routing.unknown-revenue-campaign", "not an enabled campaign")]
    [InlineData("coldemail.limits = 3", "coldemail.limits", "section")]
    [InlineData("coldemail.limits.stale-lead-days { a = 1 }", "coldemail.limits.stale-lead-days", "section")]
    [InlineData("coldemail.schedules.sync-interval = 0s", "coldemail.schedules.sync-interval", "out of range")]
    [InlineData("coldemail.cluster.seed-nodes = abc", "coldemail.cluster.seed-nodes", "list")]
    public void Every_validation_error_names_its_key(string hocon, string key, string fragment)
    {
        var e = Fails(hocon);
        var error = Assert.Single(e.Errors, x => x.Key == key);
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void Overlapping_campaign_ranges_are_rejected_only_among_enabled_campaigns()
    {
        var s = Load("coldemail.campaigns.midsize.enabled = off\ncoldemail.campaigns.smb.max-revenue = null");
        Assert.Single(s.Campaigns.Enabled);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var e = Fails("coldemail.limits.max-api-pages = -3\ncoldemail.circuit-breaker.window = x");
        Assert.Contains(e.Errors, x => x.Key == "coldemail.limits.max-api-pages");
        Assert.Contains(e.Errors, x => x.Key == "coldemail.circuit-breaker.window");
    }

    [Fact]
    public void Akka_section_passes_through()
    {
        var loaded = SettingsLoader.Load(new SettingsSources(ConfigText: "akka.loglevel = DEBUG", Environment: NoEnv));
        Assert.Equal("DEBUG", loaded.Hocon.GetString("akka.loglevel"));
    }

    [Fact]
    public void A_missing_file_is_an_error_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), "coldemail-missing-" + Guid.NewGuid() + ".conf");
        var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(new SettingsSources(ConfigFile: path, Environment: NoEnv)));
        Assert.Equal(path, Assert.Single(e.Errors).Key);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("coldemail.limits.max-leads-per-run = \"unterminated", "unterminated string")]
    [InlineData("coldemail { limits { max-leads-per-run = 4 }", "never closed")]
    [InlineData("coldemail.cluster.seed-nodes = [ }", "closes")]
    [InlineData("coldemail { } }", "without a matching")]
    public void A_syntax_error_names_the_file(string text, string fragment)
    {
        var path = Path.Combine(Path.GetTempPath(), "coldemail-bad-" + Guid.NewGuid() + ".conf");
        File.WriteAllText(path, text);
        try
        {
            var e = Assert.Throws<SettingsException>(() => SettingsLoader.Load(new SettingsSources(ConfigFile: path, Environment: NoEnv)));
            var error = Assert.Single(e.Errors);
            Assert.Equal(path, error.Key);
            Assert.Contains(fragment, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Brackets_inside_strings_and_comments_are_not_syntax()
    {
        var s = Load("""
            # a comment with { and [
            coldemail.warehouse.bigquery.dataset = "odd{name]" // trailing } comment
            coldemail.cluster.seed-nodes = ["akka.tcp://coldemail@10.0.0.1:4053"]
            """);
        Assert.Equal("odd{name]", s.Warehouse.BigQuery.Dataset);
        Assert.Equal(["akka.tcp://coldemail@10.0.0.1:4053"], s.Cluster.SeedNodes);
    }

    [Theory]
    [InlineData("production-bigquery.conf")]
    [InlineData("sandbox-trial.conf")]
    public void The_example_files_are_valid(string name)
    {
        var file = Path.Combine(RepositoryRoot(), "hocon", "examples", name);
        var settings = SettingsLoader.Load(new SettingsSources(ConfigFile: file, Environment: NoEnv)).Settings;
        Assert.NotNull(settings.Campaigns.Find("smb"));
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ColdEmail.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("ColdEmail.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void The_embedded_defaults_are_the_repository_file()
    {
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot(), "hocon", "coldemail.conf")), SettingsLoader.DefaultHocon);
    }
}
