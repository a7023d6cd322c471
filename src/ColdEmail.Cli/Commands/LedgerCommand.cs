using System.CommandLine;
using ColdEmail.Cli.Output;

namespace ColdEmail.Cli.Commands;

/// <summary>
/// `ledger list` and `ledger abandon BATCH`: the enrolment ledger's open batches (claimed, not yet recorded) per
/// campaign, and releasing one that blocks its campaign. Counts and ids only: a batch's emails are not printed.
/// </summary>
public static class LedgerCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("ledger", "See and release the enrolment ledger's open batches");
        command.Add(List(console));
        command.Add(Abandon(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("list", "Open batches per campaign: claimed before a bulk add, not yet recorded") { json, PipelineVerb.Sandbox };
        command.SetVerbAction(console, (ctx, ct) => PipelineVerb.RunAsync(ctx, ctx.Get(PipelineVerb.Sandbox), ct, async (runtime, _) =>
        {
            var ledgers = await runtime.Pipeline.GetLedgersAsync(ct);
            var rows = ledgers.OrderBy(l => l.Campaign, StringComparer.OrdinalIgnoreCase)
                .SelectMany(l => l.Open.OrderBy(b => b.Claim.At).Select(b => new OpenBatchRow(
                    l.Campaign, b.Claim.BatchId, b.Claim.CampaignId, b.Claim.At, b.Claim.Emails.Count, b.IsSettled ? "settled, not recorded" : "claimed, unsettled")))
                .ToList();
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(rows));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                await ctx.Console.Out.WriteLineAsync("no open batches");
                return ExitCodes.Ok;
            }
            var table = Tables.Create($"{rows.Count} open batches", "campaign", "batch", "claimed at", "leads", "state");
            foreach (var r in rows)
            {
                table.Row(r.Campaign, r.Batch, r.ClaimedAt.ToString("yyyy-MM-dd HH:mm:ss"), r.Leads, r.State);
            }
            Tables.Write(ctx.Console.Out, ctx.Console.IsTerminal, table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Abandon(CliConsole console)
    {
        var batch = new Argument<string>("batch") { Description = "The open batch's id (see `ledger list`)" };
        var command = new Command("abandon",
            "Release an open batch: leads found in Instantly are recorded as such, the rest return to the pool; when Instantly cannot be asked they are recorded as dead letters for a person")
        {
            batch, PipelineVerb.Sandbox,
        };
        command.SetVerbAction(console, (ctx, ct) => PipelineVerb.RunAsync(ctx, ctx.Get(PipelineVerb.Sandbox), ct, async (runtime, _) =>
        {
            var id = ctx.Get(batch) ?? "";
            var result = await runtime.Pipeline.AbandonBatchAsync(id, TimeSpan.FromMinutes(10), ct);
            if (result is null)
            {
                throw new CliUsageException($"no campaign has an open batch '{id}' (see `coldemail ledger list`)");
            }
            await ctx.Console.Out.WriteLineAsync(
                $"batch {id} of {result.Campaign} abandoned: {result.Active} active, {result.Skipped} elsewhere in the workspace, {result.Returned} back to the pool, {result.Unknown} recorded as dead letters (outcome unknown)");
            if (result.Error is not null)
            {
                await ctx.Console.Err.WriteLineAsync($"Instantly could not be asked: {result.Error}");
            }
            return result.Unknown > 0 ? ExitCodes.RunFailed : ExitCodes.Ok;
        }));
        return command;
    }

    private sealed record OpenBatchRow(string Campaign, string Batch, string CampaignId, DateTimeOffset ClaimedAt, int Leads, string State);
}
