using System.CommandLine;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Output;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.Commands;

/// <summary>`config check` (load, validate, print effective settings, secrets masked) and `config set KEY VALUE` (config table).</summary>
public static class ConfigCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("config", "Check the effective settings or change one in the warehouse config table");
        command.Add(Check(console));
        command.Add(Set(console));
        return command;
    }

    private static Command Check(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the settings as a JSON object (key → value)" };
        var noTable = new Option<bool>("--no-table") { Description = "Ignore the warehouse config table (file settings only)" };
        var command = new Command("check", "Load and validate the settings and print every effective value (secrets masked)") { json, noTable };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            var file = ctx.LoadFileSettings();
            var loaded = file;
            var source = ctx.ConfigFile is null ? "built-in defaults" : $"built-in defaults + {ctx.ConfigFile}";
            if (!ctx.Get(noTable) && WarehouseFactory.Exists(file.Settings))
            {
                await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: false, ct);
                loaded = session.Loaded;
                if (session.ConfigTable.Count > 0)
                {
                    source += $" + warehouse config table ({session.ConfigTable.Count} rows)";
                }
            }

            var lines = SettingsFlattener.Flatten(loaded.Settings);
            if (ctx.Get(json))
            {
                await ctx.Console.Out.WriteLineAsync(JsonOutput.Write(lines.ToDictionary(l => l.Key, l => l.Display)));
            }
            else
            {
                await ctx.Console.Out.WriteLineAsync($"# configuration is valid ({source})");
                foreach (var line in lines)
                {
                    await ctx.Console.Out.WriteLineAsync(line.ToString());
                }
            }
            foreach (var warning in loaded.Warnings)
            {
                await ctx.Console.Err.WriteLineAsync("warning: " + warning);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Set(CliConsole console)
    {
        var key = new Argument<string>("key")
        {
            Description = "A HOCON key (coldemail.limits.inventory-multiplier) or a seed row (feature_flags, processing_limits, campaign_config)",
        };
        var value = new Argument<string>("value") { Description = "The new value (JSON for a whole seed row)" };
        var command = new Command("set", "Write a setting to the warehouse config table (overrides the file; the daemon picks it up at its next poll)") { key, value };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            await using var session = await WarehouseSession.OpenAsync(ctx, TimeProvider.System, ensureSchema: true, ct);
            var edit = ConfigTableEdit.Apply(session.ConfigTable, ctx.Get(key)!, ctx.Get(value)!);

            // Validate the table as it would be, so a bad value is refused before it reaches the daemon.
            var proposed = session.ConfigTable.Where(e => e.Key != edit.Row).Append(new Warehouse.ConfigEntry(edit.Row, edit.ValueJson, DateTimeOffset.UtcNow)).ToList();
            var after = SettingsLoader.Load(new SettingsSources(ctx.ConfigFile, ConfigTable: proposed, Environment: ctx.Console.Environment));
            await session.Warehouse.WriteConfigAsync(edit.Row, edit.ValueJson, DateTimeOffset.UtcNow, ct);

            var diff = SettingsDiff.Between(session.Settings, after.Settings);
            await ctx.Console.Out.WriteLineAsync($"config table row {edit.Row} = {edit.ValueJson}");
            foreach (var change in diff.Changes)
            {
                await ctx.Console.Out.WriteLineAsync("  " + change);
            }
            if (diff.IsEmpty)
            {
                await ctx.Console.Out.WriteLineAsync("  (no effective change)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
