using System.Diagnostics;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Benchmarks.Warehouse;

/// <summary>A throw-away DuckDB warehouse loaded with generated prospects, shared by the warehouse harnesses.</summary>
internal sealed class WarehouseFixture : IAsyncDisposable
{
    private readonly string _dir;

    private WarehouseFixture(string dir, DuckDbLeadWarehouse warehouse)
    {
        _dir = dir;
        Warehouse = warehouse;
    }

    public DuckDbLeadWarehouse Warehouse { get; }

    public static async Task<WarehouseFixture> CreateAsync(int prospects)
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var wh = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(dir, "bench.duckdb")));
        await wh.EnsureSchemaAsync();
        if (prospects > 0)
        {
            var sw = Stopwatch.StartNew();
            await wh.LoadEligibleLeadsAsync(new ProspectGenerator(42, ProspectMix.Clean).Generate(prospects));
            Console.WriteLine($"  generated and loaded {prospects:N0} prospects in {sw.Elapsed.TotalSeconds:F2} s ({prospects / sw.Elapsed.TotalSeconds:N0} rows/s)");
        }
        return new WarehouseFixture(dir, wh);
    }

    public static int ParseCount(string[] args, int fallback) =>
        args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : fallback;

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* left for the OS temp cleaner */ }
    }
}
