using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Tests.Orphans;

/// <summary>coldemail.orphans: safe defaults (adopt and report only), opt-ins reach recovery, bad values name their key.</summary>
public sealed class OrphanSettingsTests
{
    private static ColdEmailSettings Load(string text) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, Environment: _ => null)).Settings;

    [Fact]
    public void By_default_recovery_looks_only_at_our_campaigns_and_removes_nothing()
    {
        var options = OpsSettingsMapping.From(ColdEmailSettings.Defaults).Orphans;
        Assert.Equal(OrphanScanScope.ConfiguredCampaigns, options.Scope);
        Assert.False(options.AllowDelete);
        Assert.False(options.AllowRelease);
        Assert.Contains(SettingsFlattener.Flatten(ColdEmailSettings.Defaults), l => l.Key == "coldemail.orphans.scope" && l.Value == "campaigns");
    }

    [Fact]
    public void The_opt_ins_and_the_drain_rules_reach_recovery()
    {
        var s = Load("coldemail.orphans { scope = workspace, delete = on, release = on }\ncoldemail.limits.stale-lead-days = 45");
        var options = OpsSettingsMapping.From(s).Orphans;
        Assert.Equal(OrphanScanScope.Workspace, options.Scope);
        Assert.True(options.AllowDelete);
        Assert.True(options.AllowRelease);
        Assert.Equal(45, options.DrainPolicy.StaleDays);
    }

    [Theory]
    [InlineData("coldemail.orphans.scope = everything", "coldemail.orphans.scope", "campaigns or workspace")]
    [InlineData("coldemail.orphans.delete = perhaps", "coldemail.orphans.delete", "on/off")]
    [InlineData("coldemail.orphans.relase = on", "coldemail.orphans.relase", "unknown key")]
    public void A_bad_value_names_its_key(string hocon, string key, string fragment)
    {
        var e = Assert.Throws<SettingsException>(() => Load(hocon));
        var error = Assert.Single(e.Errors, x => x.Key == key);
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
