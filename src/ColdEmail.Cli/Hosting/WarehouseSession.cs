using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// The settings a verb runs with (defaults, --config, then the warehouse config table) and the open warehouse.
/// The warehouse is chosen from the file settings: its connection keys are restart-only and the table cannot move it.
/// </summary>
public sealed class WarehouseSession : IAsyncDisposable
{
    private WarehouseSession(LoadedSettings loaded, ILeadWarehouse warehouse, IReadOnlyList<ConfigEntry> table)
    {
        Loaded = loaded;
        Warehouse = warehouse;
        ConfigTable = table;
    }

    public LoadedSettings Loaded { get; }
    public ColdEmailSettings Settings => Loaded.Settings;
    public ILeadWarehouse Warehouse { get; }
    public IReadOnlyList<ConfigEntry> ConfigTable { get; }

    /// <param name="redirect">Rewrites the settings before anything is opened (a rehearsal points the warehouse and journal at a copy).</param>
    public static async Task<WarehouseSession> OpenAsync(VerbContext context, TimeProvider time, bool ensureSchema, CancellationToken ct,
        Func<ColdEmailSettings, ColdEmailSettings>? redirect = null)
    {
        var file = Redirected(context.LoadFileSettings(), redirect);
        var warehouse = WarehouseFactory.Open(file.Settings, time, context.Console.Err.WriteLine);
        try
        {
            if (ensureSchema)
            {
                await warehouse.EnsureSchemaAsync(ct);
            }
            var table = await warehouse.ReadConfigAsync(ct);
            var loaded = table.Count == 0
                ? file
                : Redirected(SettingsLoader.Load(new SettingsSources(context.ConfigFile, ConfigTable: table, Environment: context.Console.Environment)), redirect);
            foreach (var warning in loaded.Warnings)
            {
                context.Logger.Warning("{Warning}", warning);
            }
            return new WarehouseSession(loaded, warehouse, table);
        }
        catch
        {
            await WarehouseFactory.CloseAsync(warehouse);
            throw;
        }
    }

    private static LoadedSettings Redirected(LoadedSettings loaded, Func<ColdEmailSettings, ColdEmailSettings>? redirect) =>
        redirect is null ? loaded : loaded with { Settings = redirect(loaded.Settings) };

    public ValueTask DisposeAsync() => WarehouseFactory.CloseAsync(Warehouse);
}
