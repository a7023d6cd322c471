using System.CommandLine;
using ColdEmail.Cli.Demo;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Output;
using ColdEmail.Cli.Reports;

namespace ColdEmail.Cli.Commands;

/// <summary>`demo`: everything embedded on a fresh machine, N simulated days in about a minute, then the report.</summary>
public static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--days") { Description = "Simulated days to run", DefaultValueFactory = _ => 30 };
        var prospects = new Option<int>("--prospects") { Description = "Prospects to generate into the demo warehouse", DefaultValueFactory = _ => 3000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the prospect generator and the simulator", DefaultValueFactory = _ => 42 };
        var dir = new Option<string?>("--dir") { Description = "Folder for the demo's warehouse and journal (default: a new temp folder)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var html = new Option<string?>("--html") { Description = "Also write the dashboard as a self-contained HTML page" };
        var serve = new Option<bool>("--serve")
        {
            Description = "Serve the daemon's status page (coldemail.http.urls) during the simulation and keep it open on the demo's data until Ctrl-C",
        };
        var command = new Command("demo", "Generate a DuckDB warehouse, start the Instantly simulator and run the daemon for N simulated days")
        {
            days, prospects, seed, dir, json, html, serve,
        };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            if (ctx.Get(days) is < 1 or > 365)
            {
                throw new CliUsageException("--days must be between 1 and 365");
            }
            if (ctx.Get(prospects) is < 1 or > 1_000_000)
            {
                throw new CliUsageException("--prospects must be between 1 and 1000000");
            }
            var folder = ctx.Get(dir) ?? Path.Combine(Path.GetTempPath(), "coldemail-demo-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss") + "-" + Guid.NewGuid().ToString("N")[..6]);
            if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            {
                throw new CliUsageException($"--dir {folder} is not empty; the demo starts from a fresh folder");
            }
            var settings = ctx.LoadFileSettings().Settings;
            if (ctx.Get(serve))
            {
                if (!settings.Http.Enabled)
                {
                    throw new CliUsageException("--serve needs the HTTP endpoint: coldemail.http.enabled = on");
                }
                DaemonHttpServer.EnsurePortsFree(settings.Http);
            }
            await ctx.Console.Err.WriteLineAsync($"demo: {ctx.Get(prospects)} prospects, {ctx.Get(days)} simulated days, files in {folder}");
            // Per-run log lines would drown the progress bar; the report says it all at the end.
            await using var quiet = ctx.QuietLogger();
            var printed = false;
            var report = await new DemoRunner(settings, quiet, ctx.Console).RunAsync(
                new DemoOptions(ctx.Get(days), ctx.Get(prospects), ctx.Get(seed), folder, ctx.Get(serve)), ct,
                async (finished, urls) =>
                {
                    await PrintAsync(ctx, finished, folder, ctx.Get(json), ctx.Get(html), ct);
                    printed = true;
                    await ServeUntilStoppedAsync(ctx, urls, ct);
                });
            if (!printed)
            {
                await PrintAsync(ctx, report, folder, ctx.Get(json), ctx.Get(html), ct);
            }
            return report.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.RunFailed;
        });
        return command;
    }

    private static async Task ServeUntilStoppedAsync(VerbContext ctx, IReadOnlyList<string> urls, CancellationToken ct)
    {
        foreach (var url in urls)
        {
            await ctx.Console.Err.WriteLineAsync($"status page: {url}/  (on the demo's data; Ctrl-C stops)");
        }
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: the page was what the user came for; stopping it is the normal end.
        }
    }

    private static async Task PrintAsync(VerbContext ctx, DemoReport report, string folder, bool json, string? html, CancellationToken ct)
    {
        if (json)
        {
            await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(report));
        }
        else
        {
            ConsoleReport.Write(ctx.Console.Out, ctx.Console.IsTerminal, report.Dashboard);
            var o = ctx.Console.Out;
            await o.WriteLineAsync($"demo finished: {report.Days} simulated days in {report.ElapsedSeconds:0.0} s");
            await o.WriteLineAsync($"  added {report.TotalAdded}: " + string.Join(", ", report.AddedPerCampaign.Select(kv => $"{kv.Key} {kv.Value}")));
            await o.WriteLineAsync($"  drained {report.TotalDrained}: " + string.Join(", ", report.DrainedPerReason.Select(kv => $"{kv.Key} {kv.Value}")));
            await o.WriteLineAsync($"  failures: {report.Failures.Count}");
            foreach (var failure in report.Failures.Take(10))
            {
                await o.WriteLineAsync("    " + failure);
            }
            // The demo ran on a simulated clock (January 2026), so the hint names the demo's days rather than relying on today.
            var lastDay = report.Dashboard.GeneratedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await o.WriteLineAsync($"  explore: coldemail report --config {Path.Combine(folder, "demo.conf")} --until {lastDay} --days {report.Days}   (or explain EMAIL, dead-letters list, plan --no-instantly)");
        }
        if (html is { } page)
        {
            await File.WriteAllTextAsync(page, HtmlReport.Render(report.Dashboard), ct);
            await ctx.Console.Err.WriteLineAsync($"wrote {Path.GetFullPath(page)}");
        }
    }
}
