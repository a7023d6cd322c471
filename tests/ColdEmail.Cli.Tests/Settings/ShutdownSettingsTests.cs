using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Tests.Settings;

public sealed class ShutdownSettingsTests
{
    private static ColdEmailSettings Load(string text) =>
        SettingsLoader.Load(new SettingsSources(ConfigText: text, Environment: _ => null)).Settings;

    [Fact]
    public void Shutdown_timeout_defaults_to_30s_and_binds_a_duration()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Load("").ShutdownTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), Load("coldemail.shutdown-timeout = 2m").ShutdownTimeout);
        Assert.Contains(SettingsFlattener.Flatten(Load("coldemail.shutdown-timeout = 45s")), l => l.Key == ShutdownSettings.Key && l.Value == "45s");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("31m")]
    [InlineData("soon")]
    public void A_bad_shutdown_timeout_is_an_error_naming_the_key(string value)
    {
        var e = Assert.Throws<SettingsException>(() => Load($"coldemail.shutdown-timeout = {value}"));
        Assert.Contains(e.Errors, error => error.Key == ShutdownSettings.Key);
    }

    [Fact]
    public void A_live_change_of_the_shutdown_timeout_waits_for_a_restart()
    {
        var before = Load("");
        var after = Load("coldemail.shutdown-timeout = 90s");
        var change = Assert.Single(SettingsDiff.Between(before, after).Changes);
        Assert.True(change.RequiresRestart);
        Assert.Equal(before.ShutdownTimeout, SettingsDiff.LiveApplicable(before, after).ShutdownTimeout);
    }
}
