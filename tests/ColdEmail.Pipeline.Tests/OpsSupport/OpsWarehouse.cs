using ColdEmail.Warehouse.DuckDb;

namespace ColdEmail.Pipeline.Tests.OpsSupport;

/// <summary>A real DuckDB warehouse file in its own temp folder, deleted afterwards.</summary>
public sealed class OpsWarehouse : IAsyncDisposable
{
    private OpsWarehouse(string dir, DuckDbLeadWarehouse warehouse)
    {
        Directory = dir;
        Warehouse = warehouse;
    }

    public string Directory { get; }
    public DuckDbLeadWarehouse Warehouse { get; }

    public static async Task<OpsWarehouse> CreateAsync(TimeProvider time)
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-ops-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var wh = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(dir, "warehouse.duckdb"), null, time));
        await wh.EnsureSchemaAsync();
        return new OpsWarehouse(dir, wh);
    }

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { /* the OS still maps a file; the temp folder is cleaned later */ }
    }
}
