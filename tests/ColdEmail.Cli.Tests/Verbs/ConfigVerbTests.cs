using System.Text.Json;

namespace ColdEmail.Cli.Tests.Verbs;

public sealed class ConfigVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Config_check_prints_effective_settings_with_secrets_masked()
    {
        _ws.Environment["INSTANTLY_API_KEY"] = "sk-very-secret-42";
        var r = await _ws.RunAsync("config", "check");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("coldemail.limits.inventory-multiplier = 3.5", r.Out);
        Assert.Contains("coldemail.instantly.api-key = ********", r.Out);
        Assert.Contains($"coldemail.warehouse.duckdb.path = {_ws.WarehousePath}", r.Out);
        Assert.DoesNotContain("sk-very-secret-42", r.Out + r.Err);
    }

    [Fact]
    public async Task Config_check_json_is_a_key_value_object()
    {
        var r = await _ws.RunAsync("config", "check", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal("30m", doc.RootElement.GetProperty("coldemail.schedules.sync-interval").GetString());
    }

    [Theory]
    [InlineData("coldemail.limits.inventory-multiplyer = 4", "coldemail.limits.inventory-multiplyer")]
    [InlineData("coldemail.limits.max-leads-per-run = many", "coldemail.limits.max-leads-per-run")]
    [InlineData("coldemail.circuit-breaker.failure-threshold = 3", "coldemail.circuit-breaker.failure-threshold")]
    public async Task Bad_config_exits_2_naming_the_key(string line, string key)
    {
        _ws.WriteConfig(line);
        foreach (var verb in new[] { new[] { "config", "check" }, ["sync", "--once", "--sandbox"], ["report"], ["plan"] })
        {
            var r = await _ws.RunAsync(verb);
            Assert.True(r.ExitCode == 2, string.Join(' ', verb) + "\n" + r);
            Assert.Contains(key, r.Err);
        }
    }

    [Fact]
    public async Task A_missing_config_file_exits_2_naming_the_file()
    {
        var missing = Path.Combine(_ws.Dir, "nope.conf");
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["config", "check", "--config", missing], CliConsole.Captured(output, error));
        Assert.Equal(2, code);
        Assert.Contains(missing, error.ToString());
    }

    [Fact]
    public async Task Config_set_writes_the_config_table_and_it_overrides_the_file()
    {
        var set = await _ws.RunAsync("config", "set", "coldemail.limits.inventory-multiplier", "4.5");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("coldemail.limits.inventory-multiplier 3.5 → 4.5", set.Out);

        var flag = await _ws.RunAsync("config", "set", "coldemail.feature-flags.email-verification-enabled", "off");
        Assert.Equal(0, flag.ExitCode);
        var delay = await _ws.RunAsync("config", "set", "coldemail.rate-limit.max-delay", "20s");
        Assert.Equal(0, delay.ExitCode);

        await using (var warehouse = await _ws.OpenWarehouseAsync())
        {
            var rows = (await warehouse.ReadConfigAsync()).ToDictionary(r => r.Key, r => r.ValueJson);
            Assert.Contains("\"inventory_multiplier\":4.5", rows["processing_limits"]);
            Assert.Contains("\"email_verification_enabled\":false", rows["feature_flags"]);
            Assert.Equal("\"20s\"", rows["coldemail.rate-limit.max-delay"]);
        }

        var check = await _ws.RunAsync("config", "check");
        Assert.Contains("coldemail.limits.inventory-multiplier = 4.5", check.Out);
        Assert.Contains("coldemail.feature-flags.email-verification-enabled = off", check.Out);
        Assert.Contains("coldemail.rate-limit.max-delay = 20s", check.Out);
        Assert.Contains("warehouse config table (3 rows)", check.Out);
    }

    [Theory]
    [InlineData("coldemail.limits.inventory-multiplier", "-2", "coldemail.limits.inventory-multiplier")]
    [InlineData("coldemail.limits.no-such-key", "3", "coldemail.limits.no-such-key")]
    [InlineData("processing_limits", "{not json", "processing_limits")]
    public async Task An_invalid_config_set_exits_2_and_writes_nothing(string key, string value, string named)
    {
        var r = await _ws.RunAsync("config", "set", key, value);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(named, r.Err);
        await using var warehouse = await _ws.OpenWarehouseAsync();
        Assert.Empty(await warehouse.ReadConfigAsync());
    }
}
