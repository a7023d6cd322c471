using ColdEmail.Cli.Hosting;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Hosting;

/// <summary>The drain's share of the settings: the bigquery_first_drain flag, the campaigns it lists and the page cap.</summary>
public sealed class PipelineOptionsMapperDrainTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static ColdEmailSettings Load(string text = "", IReadOnlyList<ConfigEntry>? table = null) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, ConfigTable: table, Environment: _ => null)).Settings;

    [Fact]
    public void The_flag_is_on_by_default_and_the_drain_lists_the_enabled_campaigns_up_to_the_page_cap()
    {
        var drain = PipelineOptionsMapper.Map(Load(), new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["smb"] = "c-smb", ["midsize"] = "c-mid" }).Drain;

        Assert.True(drain.WarehouseFirst);
        Assert.Equal(["c-mid", "c-smb"], drain.CampaignIds.Order(StringComparer.Ordinal).ToList());
        Assert.Equal(60, drain.MaxApiPages);
    }

    [Theory]
    [InlineData("coldemail.feature-flags.bigquery-first-drain = false", null)]
    [InlineData("", "false")]
    public void Turning_the_flag_off_switches_the_drain_to_Instantly_first(string hocon, string? tableValue)
    {
        var table = tableValue is null ? null : new[] { new ConfigEntry("feature_flags", $$"""{"bigquery_first_drain": {{tableValue}}}""", At) };

        var drain = PipelineOptionsMapper.Map(Load(hocon, table)).Drain;

        Assert.False(drain.WarehouseFirst);
        drain.Validate();
    }
}
