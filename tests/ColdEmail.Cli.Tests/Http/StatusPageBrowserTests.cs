using System.Text.RegularExpressions;
using ColdEmail.Cli.Tests.Shutdown;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// The status page as a person sees it: `coldemail demo --serve` (a real process) keeps the page open on the demo's data,
/// and a real headless Chromium loads it. The screenshot lands in the test output (screenshots/status-page.png).
/// </summary>
public sealed partial class StatusPageBrowserTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Demo_serve_keeps_the_status_page_open_and_chromium_renders_the_demos_numbers()
    {
        using var ws = new TempWorkspace();
        var folder = Path.Combine(ws.Dir, "demo");
        using var demo = ChildProcess.StartDll("coldemail.dll", ws.Environment,
            "--config", ws.ConfigFile, "demo", "--days", "12", "--prospects", "600", "--dir", folder, "--serve");
        Assert.True(await demo.WaitForOutputAsync("status page: ", Bound), demo.Output);
        var page = new Uri(StatusPageLine().Match(demo.Output).Groups["url"].Value);
        // What the demo's own daily table (printed before it serves) says was added, summed over its days.
        var added = DailyRow().Matches(demo.Output).Sum(m => int.Parse(m.Groups["added"].Value));
        Assert.True(added > 0, demo.Output);

        var dom = await HeadlessChromium.DumpDomAsync(page);
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "status-page.png");
        await HeadlessChromium.ScreenshotAsync(page, screenshot);

        Assert.Contains("<h1>ColdEmail status</h1>", dom);
        Assert.Contains("http-equiv=\"refresh\" content=\"30\"", dom);
        // Both demo campaigns with their inventory gauge, the 30-day charts, the breaker, limiter, runs and webhooks.
        foreach (var campaign in new[] { "smb", "midsize" })
        {
            Assert.Matches($"<td>{campaign}</td><td>\\d+</td><td>\\d+</td><td><svg", dom);
        }
        Assert.Contains("Leads added per day", dom);
        Assert.True(Regex.Matches(dom, "<rect x=").Count >= 10, "the charts draw a bar per day and campaign");
        // The page counts what the demo reported: its total of added leads over the window.
        Assert.Contains($"Over this window: added {added},", dom);
        Assert.Contains("Instantly circuit breaker", dom);
        Assert.Contains("closed", dom);
        Assert.Contains("Rate limiter", dom);
        Assert.Contains("Instantly webhooks", dom);
        Assert.Matches("<td>drain</td><td>\\d\\d:\\d\\d:\\d\\d</td><td class=\"ok\">ok</td>", dom);
        // Counts never addresses; nothing loaded from elsewhere.
        Assert.DoesNotContain("@", dom);
        Assert.DoesNotContain("<script", dom);
        Assert.DoesNotContain("src=\"http", dom);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "a real rendering, not an empty image");

        // Ctrl-C ends the serving demo normally.
        demo.Signal(ChildProcess.SIGINT);
        Assert.Equal(0, await demo.WaitForExitAsync(Bound));
    }

    [GeneratedRegex(@"status page: (?<url>http://\S+)")]
    private static partial Regex StatusPageLine();

    [GeneratedRegex(@"│ \d{4}-\d\d-\d\d\s+│ \w+\s+│ (?<added>\d+)\s+│")]
    private static partial Regex DailyRow();
}
