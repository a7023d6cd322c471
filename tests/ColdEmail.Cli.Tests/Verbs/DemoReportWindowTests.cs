using System.Text.Json;

namespace ColdEmail.Cli.Tests.Verbs;

/// <summary>
/// The demo runs on a simulated clock in January 2026; the `report` command its closing hint suggests must show
/// the demo's days, not "(no activity)" for the 30 days before the wall clock.
/// </summary>
public sealed class DemoReportWindowTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_report_hinted_by_the_demo_shows_the_demo_days()
    {
        var folder = Path.Combine(_ws.Dir, "demo");
        var demo = await _ws.RunAsync("demo", "--days", "3", "--prospects", "300", "--dir", folder);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var hint = demo.Out.Split('\n').Single(l => l.Contains("explore: coldemail report", StringComparison.Ordinal));
        var hinted = hint[(hint.IndexOf("coldemail ", StringComparison.Ordinal) + "coldemail ".Length)..].Split("   (")[0]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Exactly what the user is told to type.
        var console = await RunAsIsAsync(hinted);
        Assert.True(console.Code == 0, console.Err);
        Assert.DoesNotContain("(no activity)", console.Out);
        Assert.Contains("2026-01-05", console.Out);

        var json = await RunAsIsAsync([.. hinted, "--json"]);
        using (var doc = JsonDocument.Parse(json.Out))
        {
            var daily = doc.RootElement.GetProperty("daily").EnumerateArray().ToList();
            Assert.True(daily.Sum(r => r.GetProperty("leadsAdded").GetInt32()) > 0, json.Out);
            Assert.All(daily, r => Assert.StartsWith("2026-01-", r.GetProperty("date").GetString()));
        }

        // Without --until the window follows the data and says so, in every output.
        var conf = Path.Combine(folder, "demo.conf");
        var plainJson = await RunAsIsAsync(["report", "--config", conf, "--json"]);
        string latest;
        using (var doc = JsonDocument.Parse(plainJson.Out))
        {
            var root = doc.RootElement;
            var daily = root.GetProperty("daily").EnumerateArray().ToList();
            Assert.True(daily.Sum(r => r.GetProperty("leadsAdded").GetInt32()) > 0, plainJson.Out);
            Assert.Equal("latestActivity", root.GetProperty("window").GetProperty("basis").GetString());
            latest = root.GetProperty("window").GetProperty("until").GetString()!;
            Assert.StartsWith("2026-01-", latest);
            Assert.Equal(daily.Max(r => r.GetProperty("date").GetString()), latest);
        }
        var html = Path.Combine(_ws.Dir, "report.html");
        var plain = await RunAsIsAsync(["report", "--config", conf, "--html", html]);
        Assert.Contains($"the 30 days up to {latest}, the latest activity", plain.Out);
        Assert.DoesNotContain("(no activity)", plain.Out);
        var page = await File.ReadAllTextAsync(html);
        Assert.Contains($"the 30 days up to {latest}, the latest activity", page);
        Assert.Contains("2026-01-05 ", page);

        // An explicit --until before the demo shows nothing of it; a malformed one is a usage error.
        var before = await RunAsIsAsync(["report", "--config", conf, "--until", "2025-12-01", "--json"]);
        using (var doc = JsonDocument.Parse(before.Out))
        {
            Assert.Empty(doc.RootElement.GetProperty("daily").EnumerateArray());
        }
        var bad = await RunAsIsAsync(["report", "--config", conf, "--until", "January"]);
        Assert.Equal(2, bad.Code);
        Assert.Contains("--until", bad.Err);
    }

    /// <summary>Runs the CLI with exactly these arguments (the workspace's own --config is not added).</summary>
    private static async Task<(int Code, string Out, string Err)> RunAsIsAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, false, _ => null);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
