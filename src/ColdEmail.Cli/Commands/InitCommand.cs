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
        var command = new Command("init", "Create the warehouse schema (tables, views, config table) and, on postgres persistence, the journal tables; idempotent") { writeConfig };
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
            if (settings.Persistence.Kind == Pipeline.Settings.PersistenceKind.Postgres)
            {
                // Created here, once, so cluster nodes can start together with auto-initialize off (see persistence.postgres).
                await Pipeline.Persistence.PersistenceSchema.CreateAsync(settings.Persistence, ct);
                var journal = Warehouse.Postgres.PostgresWarehouseOptions.Describe(settings.Persistence.PostgresConnectionString.Reveal());
                ctx.Logger.Information("Journal tables ready in {Journal}", journal);
                await ctx.Console.Out.WriteLineAsync($"journal, snapshot and sharding tables ready in postgres {journal}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
