using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Tests.Settings;

public sealed class SettingsDiffTests
{
    private static ColdEmailSettings Load(string text, Func<string, string?>? env = null) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, Environment: env ?? (_ => null))).Settings;

    [Fact]
    public void Identical_settings_have_no_changes()
    {
        Assert.True(SettingsDiff.Between(Load(""), Load("")).IsEmpty);
    }

    [Fact]
    public void Lists_changed_keys_with_old_and_new_values()
    {
        var diff = SettingsDiff.Between(Load(""), Load("coldemail.limits.inventory-multiplier = 4.0\ncoldemail.rate-limit.min-delay = 1s"));
        Assert.Equal(2, diff.Changes.Count);
        Assert.Contains("coldemail.limits.inventory-multiplier 3.5 → 4.0", diff.Changes.Select(c => c.ToString()));
        Assert.Contains("coldemail.rate-limit.min-delay 500ms → 1s", diff.Changes.Select(c => c.ToString()));
        Assert.All(diff.Changes, c => Assert.False(c.RequiresRestart));
    }

    [Fact]
    public void Warehouse_persistence_cluster_and_campaign_ids_need_a_restart_and_are_not_applied()
    {
        var before = Load("");
        var after = Load("""
            coldemail.warehouse.duckdb.path = "other.duckdb"
            coldemail.persistence.sqlite.path = "other.db"
            coldemail.cluster.enabled = on
            coldemail.campaigns.smb.id = "0b9d3f7e-2c41-4f7a-9a55-3e8c1d2b4a60"
            coldemail.campaigns.smb.daily-limit = 80
            """);
        var diff = SettingsDiff.Between(before, after);
        Assert.Equal(
            ["coldemail.campaigns.smb.id", "coldemail.cluster.enabled", "coldemail.persistence.sqlite.path", "coldemail.warehouse.duckdb.path"],
            diff.RestartOnly.Select(c => c.Key).Order().ToArray());
        Assert.Equal("coldemail.campaigns.smb.daily-limit", Assert.Single(diff.Live).Key);

        var applied = SettingsDiff.LiveApplicable(before, after);
        Assert.Equal(before.Warehouse, applied.Warehouse);
        Assert.Equal(before.Persistence, applied.Persistence);
        Assert.Equal(before.Cluster, applied.Cluster);
        Assert.Equal(before.Campaigns.Find("smb")!.Id, applied.Campaigns.Find("smb")!.Id);
        Assert.Equal(80, applied.Campaigns.Find("smb")!.DailyLimit);
        Assert.True(SettingsDiff.Between(before, applied).RestartOnly.Count() == 0);
    }

    [Fact]
    public void A_new_campaign_needs_a_restart()
    {
        var diff = SettingsDiff.Between(Load(""), Load("coldemail.campaigns.big { id = \"6f1c2a9b-8e47-4d3a-b1c5-7a2e9f0d3c18\", min-revenue = 1000000000, daily-limit = 5, sequence-length = 3, enabled = on }\ncoldemail.campaigns.midsize.max-revenue = 1000000000"));
        Assert.Contains(diff.RestartOnly, c => c.Key == "coldemail.campaigns.big.id");
        Assert.Contains(diff.Live, c => c.Key == "coldemail.campaigns.midsize.max-revenue");
    }

    [Fact]
    public void Secret_changes_are_masked()
    {
        var diff = SettingsDiff.Between(Load("", k => k == "INSTANTLY_API_KEY" ? "old-key-123" : null), Load("", k => k == "INSTANTLY_API_KEY" ? "new-key-456" : null));
        var text = diff.ToString();
        Assert.Contains("coldemail.instantly.api-key", text);
        Assert.DoesNotContain("old-key-123", text);
        Assert.DoesNotContain("new-key-456", text);
    }
}
