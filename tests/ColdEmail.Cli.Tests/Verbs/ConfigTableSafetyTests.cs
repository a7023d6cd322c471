namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>
/// Issue 11 finding 3: the warehouse config table must not be able to redirect the API key or hold secrets.
/// `config set` refuses such keys (exit 2 naming the key, nothing written, the value never printed); a bad row
/// already in the table is ignored with a warning naming it while the other rows still apply.
/// </summary>
public sealed class ConfigTableSafetyTests : IDisposable
{
    private const string Secretish = "sk-stolen-7f3a9c";
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Theory]
    [InlineData("coldemail.instantly.base-url", "https://evil.example.com")]
    [InlineData("coldemail.instantly.api-key", Secretish)]
    [InlineData("coldemail.instantly.timeout", "5s")]
    [InlineData("coldemail.warehouse.duckdb.path", "/tmp/other.duckdb")]
    [InlineData("coldemail.warehouse.postgres.connection-string", "Host=evil;Password=" + Secretish)]
    [InlineData("coldemail.persistence.sqlite.path", "/tmp/j.db")]
    [InlineData("coldemail.cluster.enabled", "on")]
    [InlineData("coldemail.notifications.webhook-url", "https://evil.example.com/hook?token=" + Secretish)]
    [InlineData("coldemail.notifications.slack-webhook-url", "https://hooks.slack.com/services/" + Secretish)]
    public async Task Config_set_refuses_connections_notification_urls_and_secrets(string key, string value)
    {
        var r = await _ws.RunAsync("config", "set", key, value);

        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(key, r.Err);
        Assert.DoesNotContain(Secretish, r.Out + r.Err);
        await using var warehouse = await _ws.OpenWarehouseAsync();
        Assert.Empty(await warehouse.ReadConfigAsync());
    }

    [Fact]
    public async Task Config_set_still_accepts_the_seed_rows_and_live_tunable_keys()
    {
        Assert.Equal(0, (await _ws.RunAsync("config", "set", "processing_limits", """{"max_leads_per_run": 250}""")).ExitCode);
        Assert.Equal(0, (await _ws.RunAsync("config", "set", "coldemail.rate-limit.max-delay", "20s")).ExitCode);
        Assert.Equal(0, (await _ws.RunAsync("config", "set", "coldemail.notifications.max-attempts", "5")).ExitCode);
        var check = await _ws.RunAsync("config", "check");
        Assert.Contains("coldemail.limits.max-leads-per-run = 250", check.Out);
        Assert.Contains("coldemail.rate-limit.max-delay = 20s", check.Out);
        Assert.Contains("coldemail.notifications.max-attempts = 5", check.Out);
    }

    [Fact]
    public async Task A_bad_row_already_in_the_table_is_ignored_with_a_warning_and_the_rest_applies()
    {
        await using (var warehouse = await _ws.OpenWarehouseAsync())
        {
            var at = DateTimeOffset.UtcNow;
            await warehouse.WriteConfigAsync("coldemail.instantly.base-url", "\"https://evil.example.com\"", at);
            await warehouse.WriteConfigAsync("coldemail.instantly.api-key", $"\"{Secretish}\"", at);
            await warehouse.WriteConfigAsync("processing_limits", """{"max_leads_per_run": 77}""", at);
        }

        var check = await _ws.RunAsync("config", "check");

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("coldemail.instantly.base-url = https://api.instantly.ai/", check.Out);
        Assert.Contains("coldemail.limits.max-leads-per-run = 77", check.Out);
        Assert.Contains("config table row 'coldemail.instantly.base-url' ignored", check.Err);
        Assert.Contains("config table row 'coldemail.instantly.api-key' ignored", check.Err);
        Assert.DoesNotContain("evil.example.com", check.Out + check.Err);
        Assert.DoesNotContain(Secretish, check.Out + check.Err);
    }

    [Theory]
    [InlineData("http://api.example.com")]
    [InlineData("http://10.0.0.5:8080")]
    public async Task A_plain_http_base_url_off_this_machine_exits_2_naming_the_key(string url)
    {
        _ws.WriteConfig($"coldemail.instantly.base-url = \"{url}\"");
        var r = await _ws.RunAsync("config", "check");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("coldemail.instantly.base-url", r.Err);
        Assert.Contains("https", r.Err);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("https://api.example.com")]
    public async Task Https_or_a_loopback_base_url_is_accepted(string url)
    {
        _ws.WriteConfig($"coldemail.instantly.base-url = \"{url}\"");
        var r = await _ws.RunAsync("config", "check");
        Assert.True(r.ExitCode == 0, r.ToString());
    }
}
