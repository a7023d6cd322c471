using System.Text.Json;

namespace ColdEmail.Cli.Tests.Verbs;

public sealed class DemoVerbTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task Demo_completes_with_adds_and_drains()
    {
        var folder = Path.Combine(_ws.Dir, "demo");
        var html = Path.Combine(_ws.Dir, "demo.html");
        // Seven days: a reply is drained only once its sequence is over and its label (or the 24 h label grace) is in,
        // so five simulated days at the demo's daily limits may pass without a single drain.
        var r = await _ws.RunAsync("demo", "--days", "7", "--prospects", "400", "--dir", folder, "--json", "--html", html);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("totalAdded").GetInt32() > 0, r.Out);
        Assert.True(root.GetProperty("totalDrained").GetInt32() > 0, r.Out);
        Assert.Equal(7, root.GetProperty("syncRuns").GetInt32());
        Assert.Empty(root.GetProperty("failures").EnumerateArray());
        Assert.Contains("smb", root.GetProperty("addedPerCampaign").EnumerateObject().Select(p => p.Name));
        Assert.True(File.Exists(Path.Combine(folder, "warehouse.duckdb")));
        Assert.Contains("<svg", await File.ReadAllTextAsync(html));
        Assert.Contains("7/7", r.Err);
    }

    [Fact]
    public async Task Demo_refuses_a_folder_that_is_not_empty()
    {
        var r = await _ws.RunAsync("demo", "--days", "1", "--dir", _ws.Dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not empty", r.Err);
    }
}
