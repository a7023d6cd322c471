using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;

namespace ColdEmail.Cli.Commands;

/// <summary>`dead-letters list` and `dead-letters retry`: failed operations and sending them round again.</summary>
public static class DeadLettersCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("dead-letters", "List failed operations or schedule them for another attempt");
        command.Add(List(console));
        command.Add(Retry(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Include resolved dead letters" };
        var limit = new Option<int>("--limit") { Description = "At most this many rows", DefaultValueFactory = _ => 200 };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("list", "List dead letters (unresolved by default)") { all, limit, json };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: true, ct);
            var letters = await session.Warehouse.ListDeadLettersAsync(ctx.Get(all), Math.Max(1, ctx.Get(limit)), ct);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(letters));
                return ExitCodes.Ok;
            }
            if (letters.Count == 0)
            {
                await ctx.Console.Out.WriteLineAsync("no dead letters");
                return ExitCodes.Ok;
            }
            var table = Tables.Create($"{letters.Count} dead letters", "id", "operation", "email", "campaign", "error", "retries", "next retry", "status");
            foreach (var l in letters)
            {
                table.Row(l.Id, l.Operation, l.Email, l.CampaignId, $"{l.ErrorKind} {l.HttpStatus}".Trim() + ": " + l.Message, l.RetryCount,
                    l.NextRetryAt?.ToString("yyyy-MM-dd HH:mm"),
                    l.ResolvedAt is not null ? "resolved: " + l.Resolution : l.Permanent ? "permanent" : "pending");
            }
            Tables.Write(ctx.Console.Out, ctx.Console.IsTerminal, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retry(CliConsole console)
    {
        var ids = new Argument<string[]>("id") { Description = "Dead letter ids (none: every unresolved one)", Arity = ArgumentArity.ZeroOrMore };
        var includePermanent = new Option<bool>("--include-permanent") { Description = "Also retry letters classified as permanent" };
        var command = new Command("retry", "Make dead letters due now, so the next sync or drain run tries them again") { ids, includePermanent };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: true, ct);
            var wanted = ctx.Get(ids) ?? [];
            var letters = await session.Warehouse.ListDeadLettersAsync(includeResolved: false, limit: 100_000, ct);
            var unknown = wanted.Except(letters.Select(l => l.Id)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliUsageException($"no unresolved dead letter with id {string.Join(", ", unknown)}");
            }
            var now = DateTimeOffset.UtcNow;
            var chosen = letters
                .Where(l => wanted.Length == 0 || wanted.Contains(l.Id))
                .Where(l => !l.Permanent || ctx.Get(includePermanent) || wanted.Contains(l.Id))
                .Select(l => l with { NextRetryAt = now, Permanent = false })
                .ToList();
            await session.Warehouse.UpsertDeadLettersAsync(chosen, ct);
            ctx.Logger.Information("Scheduled {Count} dead letters for retry", chosen.Count);
            await ctx.Console.Out.WriteLineAsync($"{chosen.Count} dead letters due now; the next run retries them");
            return ExitCodes.Ok;
        });
        return command;
    }
}
