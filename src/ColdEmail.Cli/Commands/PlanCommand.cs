using System.CommandLine;
using System.Globalization;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;
using ColdEmail.Cli.Planning;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Cli.Commands;

/// <summary>`plan`: what a sync and a drain would do with each lead, and why; writes nothing anywhere.</summary>
public static class PlanCommand
{
    public static Command Create(CliConsole console)
    {
        var limit = new Option<int>("--limit") { Description = "At most this many leads listed per phase (the counts cover every decision)", DefaultValueFactory = _ => 1000 };
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON" };
        var offline = new Option<bool>("--no-instantly") { Description = "Do not ask Instantly (the sync plans with the warehouse's counts; drain entries say only that a check is due)" };
        var sandboxOption = new Option<bool>("--sandbox") { Description = "Look leads up in an in-process Instantly simulator instead of the configured workspace (writes nothing either way)" };
        var command = new Command("plan", "Dry run of the next sync and drain (their own code, reads only): the campaign and action with its reason for every lead; writes nothing")
        {
            limit, json, offline, sandboxOption,
        };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            if (ctx.Get(limit) < 1)
            {
                throw new CliUsageException("--limit must be at least 1");
            }
            var file = ctx.LoadFileSettings().Settings;
            if (!WarehouseFactory.Exists(file))
            {
                throw new CliUsageException($"the warehouse {file.Warehouse.DuckDb.Path} does not exist (coldemail.warehouse.duckdb.path); `coldemail init` creates it");
            }
            var time = TimeProvider.System;
            await using var session = await WarehouseSession.OpenAsync(ctx, time, ensureSchema: false, ct);
            var settings = session.Settings;
            InstantlyConnection? connection = null;
            try
            {
                if (!ctx.Get(offline))
                {
                    var sandbox = ctx.Get(sandboxOption);
                    // The dry run must not even save the simulator's state.
                    var options = sandbox ? new SandboxOptions
                    {
                        TimeProvider = time,
                        StateFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.Warehouse.DuckDb.Path))!, "sandbox-state.json"),
                        SaveOnStop = false,
                        Campaigns = settings.Campaigns.Enabled.Select(c => new CampaignSpec(c.Name, c.DailyLimit, c.SequenceLength)).ToList(),
                    } : null;
                    connection = await InstantlyConnection.OpenAsync(settings, sandbox, time, ct, options);
                }
                // The dry runs log like a run does (the pipeline's code logs through Serilog's static logger).
                Serilog.Log.Logger = ctx.Logger;
                var plan = await new Planner(settings, session.Warehouse, connection?.Api, connection?.CampaignIds, time).BuildAsync(ctx.Get(limit), ct);
                await WriteAsync(ctx, plan, ctx.Get(json));
            }
            finally
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(VerbContext ctx, Plan plan, bool json)
    {
        if (json)
        {
            await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(plan));
            return;
        }
        var campaigns = Tables.Create("Campaigns", "campaign", "active", "target", "to add", "why");
        foreach (var c in plan.Campaigns)
        {
            campaigns.Row(c.Name, c.Active.ToString(CultureInfo.InvariantCulture), c.Target.ToString(CultureInfo.InvariantCulture),
                c.ToAdd.ToString(CultureInfo.InvariantCulture), c.MultiplierReason is null ? c.Reason : $"{c.Reason}; multiplier: {c.MultiplierReason}");
        }
        Tables.Write(ctx.Console.Out, ctx.Console.IsTerminal, campaigns);
        foreach (var (title, entries) in new[] { ("Sync plan", plan.Sync), ("Drain plan", plan.Drain), ("Orphan plan", plan.Orphans) })
        {
            var table = Tables.Create($"{title}: {entries.Count} leads", "email", "campaign", "action", "reason");
            foreach (var e in entries)
            {
                table.Row(e.Email, e.Campaign, e.Action, e.Reason);
            }
            Tables.Write(ctx.Console.Out, ctx.Console.IsTerminal, table);
        }
        foreach (var failure in plan.Failures)
        {
            await ctx.Console.Out.WriteLineAsync("could not plan: " + failure);
        }
        await ctx.Console.Out.WriteLineAsync("sync: " + string.Join(", ", plan.SyncActions.Select(kv => $"{kv.Key} {kv.Value}")));
        await ctx.Console.Out.WriteLineAsync("drain: " + string.Join(", ", plan.DrainActions.Select(kv => $"{kv.Key} {kv.Value}")));
        await ctx.Console.Out.WriteLineAsync("orphans: " + string.Join(", ", plan.OrphanActions.Select(kv => $"{kv.Key} {kv.Value}")));
        await ctx.Console.Out.WriteLineAsync("(dry run: nothing was written)");
    }
}
