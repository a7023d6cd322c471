using System.CommandLine;
using ColdEmail.Cli.Hosting;

namespace ColdEmail.Cli.Commands;

/// <summary>`init`: creates every table and view in the configured warehouse; running it again changes nothing.</summary>
public static class InitCommand
{
    public static Command Create(CliConsole console)
    {
        var writeConfig = new Option<string?>("--write-config")
        {
            Description = "Also write the documented default settings to this file (refuses to overwrite)",
        };
        var command = new Command("init", "Create the warehouse schema (tables, views, config table); idempotent") { writeConfig };
        command.SetVerbAction(console, async (ctx, ct) =>
        {
            if (ctx.Get(writeConfig) is { } path)
            {
                if (File.Exists(path))
                {
                    throw new CliUsageException($"{path} already exists; not overwritten");
                }
                await File.WriteAllTextAsync(path, Pipeline.Settings.SettingsLoader.DefaultHocon, ct);
                await ctx.Console.Out.WriteLineAsync($"wrote the default settings to {path}");
            }
            var settings = ctx.LoadFileSettings().Settings;
            var warehouse = WarehouseFactory.Open(settings, TimeProvider.System);
            try
            {
                await warehouse.EnsureSchemaAsync(ct);
            }
            finally
            {
                await WarehouseFactory.CloseAsync(warehouse);
            }
            var where = settings.Warehouse.Kind switch
            {
                Pipeline.Settings.WarehouseKind.DuckDb => settings.Warehouse.DuckDb.Path,
                Pipeline.Settings.WarehouseKind.BigQuery => $"{settings.Warehouse.BigQuery.Project}.{settings.Warehouse.BigQuery.Dataset}",
                _ => Warehouse.Postgres.PostgresWarehouseOptions.Describe(settings.Warehouse.Postgres.ConnectionString.Reveal()),
            };
            ctx.Logger.Information("Schema ready in {Warehouse}", where);
            await ctx.Console.Out.WriteLineAsync($"schema ready in {settings.Warehouse.Kind.ToString().ToLowerInvariant()} warehouse {where}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
