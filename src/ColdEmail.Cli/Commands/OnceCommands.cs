using System.CommandLine;
using ColdEmail.Cli.Output;

namespace ColdEmail.Cli.Commands;

/// <summary>`sync --once` and `drain --once`: one run for cron; prints the summary; exit 1 when the run had failures.</summary>
public static class OnceCommands
{
    public static Command Sync(CliConsole console)
    {
        var (command, json) = Create("sync", "Top up every campaign once and print the run summary");
        command.SetVerbAction(console, (ctx, ct) => PipelineVerb.RunAsync(ctx, ctx.Get(PipelineVerb.Sandbox), ct, async (runtime, _) =>
        {
            var summary = await runtime.Pipeline.SyncOnceAsync(ct);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(summary));
            }
            else
            {
                await SummaryPrinter.SyncAsync(ctx.Console.Out, summary);
            }
            return RunResults.Failed(summary) ? ExitCodes.RunFailed : ExitCodes.Ok;
        }));
        return command;
    }

    public static Command Drain(CliConsole console)
    {
        var (command, json) = Create("drain", "Remove finished leads once and print the run summary");
        command.SetVerbAction(console, (ctx, ct) => PipelineVerb.RunAsync(ctx, ctx.Get(PipelineVerb.Sandbox), ct, async (runtime, _) =>
        {
            var summary = await runtime.Pipeline.DrainOnceAsync(ct);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(summary));
            }
            else
            {
                await SummaryPrinter.DrainAsync(ctx.Console.Out, summary);
            }
            return RunResults.Failed(summary) ? ExitCodes.RunFailed : ExitCodes.Ok;
        }));
        return command;
    }

    private static (Command Command, Option<bool> Json) Create(string name, string description)
    {
        var once = new Option<bool>("--once") { Description = "Run once and exit (the only mode; the daemon is `coldemail run`)", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the run summary as JSON on stdout" };
        return (new Command(name, description) { once, json, PipelineVerb.Sandbox }, json);
    }
}
