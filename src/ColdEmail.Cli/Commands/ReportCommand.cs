using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;
using ColdEmail.Cli.Reports;

namespace ColdEmail.Cli.Commands;

/// <summary>`report`: the daily dashboard and campaign ROI as console tables, JSON, or a self-contained HTML page.</summary>
public static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--days") { Description = "Days of daily performance to show", DefaultValueFactory = _ => 30 };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML page (inline SVG charts) to this file" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var until = new Option<string?>("--until")
        {
            Description = "Last day (yyyy-MM-dd) of the daily performance; by default today, or the latest activity when the last days had none",
        };
        var command = new Command("report", "Daily dashboard and campaign ROI") { days, html, json, until };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            if (ctx.Get(days) is < 1 or > 3650)
            {
                throw new CliUsageException("--days must be between 1 and 3650");
            }
            var end = ReportWindow.ParseUntil(ctx.Get(until));
            await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: true, ct);
            var data = await ReportData.LoadAsync(session.Warehouse, DateTimeOffset.UtcNow, ctx.Get(days), end, ct);
            await WriteAsync(ctx, data, ctx.Get(json), ctx.Get(html), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static async Task WriteAsync(VerbContext ctx, ReportData data, bool json, string? htmlFile, CancellationToken ct)
    {
        if (json)
        {
            await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(data));
        }
        else
        {
            ConsoleReport.Write(ctx.Console.Out, ctx.Console.IsTerminal, data);
        }
        if (htmlFile is not null)
        {
            var full = Path.GetFullPath(htmlFile);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, HtmlReport.Render(data), ct);
            await ctx.Console.Err.WriteLineAsync($"wrote {full}");
        }
    }
}
