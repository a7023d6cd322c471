using System.Net;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Http;

/// <summary>
/// The status page's drain reasons cover the same days as its charts, from the warehouse's history: a daemon that has just
/// (re)started shows what was drained before it, and a drain older than the window is left out.
/// </summary>
public sealed class StatusPageDrainReasonTests
{
    [Fact]
    public async Task Drain_reasons_come_from_the_warehouse_history_over_the_charts_window_not_from_since_the_daemon_started()
    {
        var now = DateTimeOffset.UtcNow;
        DrainRecord Drain(int i, string reason, int daysAgo) =>
            new($"drained{i}@shop.com", "c-smb", $"L{i}", reason, "success", now.AddDays(-daysAgo), 30, 5, 1, 0, reason == "replied" ? 1 : 0, null);

        // No run on start and intervals longer than the test: this daemon drains nothing itself.
        await using var daemon = await RunningDaemon.StartAsync(20,
            "coldemail.schedules { sync-interval = 1d, drain-interval = 1d, run-on-start = off }",
            w => w.RecordDrainsAsync([
                Drain(1, "replied", 2), Drain(2, "replied", 5), Drain(3, "replied", 29),
                Drain(4, "unsubscribed", 12), Drain(5, "unsubscribed", 20),
                Drain(6, "wrong_person", 45), // before the window
            ]));

        var page = await daemon.PollAsync("/", (status, _) => status == HttpStatusCode.OK);
        Assert.True(page.Status == HttpStatusCode.OK, page.Body + "\n" + daemon.Process.Output);
        var start = page.Body.IndexOf("<h2>Drain reasons</h2>", StringComparison.Ordinal);
        var end = page.Body.IndexOf("<h2>Last runs</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, page.Body);
        var reasons = page.Body[start..end];

        Assert.Contains("Leads drained by reason, last 30 days", reasons);
        Assert.Contains("<tr><td>replied</td><td>3</td></tr>", reasons);
        Assert.Contains("<tr><td>unsubscribed</td><td>2</td></tr>", reasons);
        Assert.DoesNotContain("wrong_person", reasons);
        Assert.DoesNotContain("@", page.Body);
    }
}
