using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Settings;

public sealed class ConfigTableOverlayTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static ColdEmailSettings Load(string file, params (string Key, string Json)[] rows) =>
        SettingsLoader.Load(new SettingsSources(
            ConfigText: file,
            ConfigTable: rows.Select(r => new ConfigEntry(r.Key, r.Json, At)).ToList(),
            Environment: _ => null)).Settings;

    [Fact]
    public void Seed_rows_override_the_file()
    {
        var s = Load(
            "coldemail.limits.inventory-multiplier = 2.0\ncoldemail.limits.max-leads-per-run = 10",
            ("feature_flags", """{"email_verification_enabled": false, "adaptive_rate_limiting": false}"""),
            ("processing_limits", """{"max_leads_per_run": 250, "max_api_pages": 60, "inventory_multiplier": 4.5, "drain_batch_size": 5, "stale_lead_days": 60}"""),
            ("campaign_config", """{"smb_revenue_threshold": 2000000, "campaigns": {"smb": {"id": "9a0e3c55-6b1d-4f2e-8c7a-1d2e3f4a5b60", "daily_limit": 70, "sequence_length": 4}, "midsize": {"id": "b2c4d6e8-0a1b-4c3d-9e8f-7a6b5c4d3e21", "daily_limit": 20, "sequence_length": 6}}}"""));

        Assert.False(s.FeatureFlags.EmailVerificationEnabled);
        Assert.False(s.RateLimit.Adaptive);
        Assert.True(s.FeatureFlags.AutoReplyDetection);
        Assert.Equal(250, s.Limits.MaxLeadsPerRun);
        Assert.Equal(4.5, s.Limits.InventoryMultiplier);
        Assert.Equal(5, s.Limits.DrainBatchSize);
        Assert.Equal(60, s.Limits.StaleLeadDays);
        var smb = s.Campaigns.Find("smb")!;
        Assert.Equal(("9a0e3c55-6b1d-4f2e-8c7a-1d2e3f4a5b60", 70, 4, 2_000_000m), (smb.Id, smb.DailyLimit, smb.SequenceLength, smb.MaxRevenue!.Value));
        Assert.Equal(2_000_000m, s.Campaigns.Find("midsize")!.MinRevenue);
    }

    [Fact]
    public void A_row_keyed_by_a_full_hocon_key_overrides_that_key()
    {
        var s = Load("", ("coldemail.rate-limit.min-delay", "\"1s\""), ("coldemail.limits.cooldown-days", "30"));
        Assert.Equal(TimeSpan.FromSeconds(1), s.RateLimit.MinDelay);
        Assert.Equal(30, s.Limits.CooldownDays);
    }

    [Fact]
    public void Unknown_and_invalid_row_values_are_errors_naming_the_key()
    {
        var e = Assert.Throws<SettingsException>(() => Load("", ("processing_limits", """{"max_leads_per_runs": 5}""")));
        Assert.Contains(e.Errors, x => x.Key == "coldemail.limits.max-leads-per-runs" && x.Message.Contains("config table"));

        e = Assert.Throws<SettingsException>(() => Load("", ("processing_limits", """{"drain_batch_size": "many"}""")));
        Assert.Contains(e.Errors, x => x.Key == "coldemail.limits.drain-batch-size");

        e = Assert.Throws<SettingsException>(() => Load("", ("feature_flags", "{not json")));
        Assert.Contains(e.Errors, x => x.Key == "config table row feature_flags");
    }

    [Fact]
    public void Rows_that_are_not_settings_are_warnings()
    {
        var loaded = SettingsLoader.Load(new SettingsSources(ConfigTable: [new ConfigEntry("dashboard_theme", "\"dark\"", At)], Environment: _ => null));
        Assert.Contains(loaded.Warnings, w => w.Contains("dashboard_theme"));
    }
}
