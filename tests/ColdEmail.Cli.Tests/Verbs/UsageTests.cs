namespace ColdEmail.Cli.Tests.Verbs;

public sealed class UsageTests
{
    private static async Task<CliResult> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, CliConsole.Captured(output, error));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static TheoryData<string> Verbs() =>
    [
        "run", "sync", "drain", "plan", "demo", "init", "report", "dead-letters", "dead-letters list", "dead-letters retry",
        "explain", "sandbox", "config", "config check", "config set",
    ];

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Every_verb_has_help(string verb)
    {
        var r = await Run([.. verb.Split(' '), "--help"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage:", r.Out);
        Assert.Contains(verb.Split(' ')[^1], r.Out);
    }

    [Fact]
    public async Task Root_help_lists_the_verbs()
    {
        var r = await Run("--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var verb in new[] { "run", "sync", "drain", "plan", "demo", "init", "report", "dead-letters", "explain", "sandbox", "config" })
        {
            Assert.Contains(verb, r.Out);
        }
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("sync")]
    [InlineData("report", "--days", "lots")]
    [InlineData("demo", "--log-format", "xml")]
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var r = await Run(args);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("error", r.Err);
    }

    [Fact]
    public async Task Sync_without_an_api_key_exits_2_naming_the_key()
    {
        using var ws = new TempWorkspace();
        var r = await ws.RunAsync("sync", "--once");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("coldemail.instantly.api-key", r.Err);
    }

    [Fact]
    public async Task Log_format_json_writes_compact_json_lines_to_stderr_and_keeps_stdout_for_results()
    {
        using var ws = new TempWorkspace();
        var r = await ws.RunAsync("init", "--log-format", "json");
        Assert.Equal(0, r.ExitCode);
        var line = Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var doc = System.Text.Json.JsonDocument.Parse(line);
        Assert.Equal("Schema ready in {Warehouse}", doc.RootElement.GetProperty("@mt").GetString());
        Assert.StartsWith("schema ready", r.Out);

        var text = await ws.RunAsync("init");
        Assert.Contains("INF Schema ready in", text.Err);
    }

    [Fact]
    public async Task Explain_rejects_an_invalid_email_with_exit_2()
    {
        using var ws = new TempWorkspace();
        var r = await ws.RunAsync("explain", "not-an-email");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("email", r.Err);
    }
}
