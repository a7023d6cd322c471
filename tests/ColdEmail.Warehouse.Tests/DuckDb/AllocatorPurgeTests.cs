using ColdEmail.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// Freed DuckDB memory is given back to the OS after a ranking (issue 12). (Closing the database needs no purge: DuckDB's
/// shutdown already flushes its allocator, which a test of it here confirmed.)
/// </summary>
[Collection(NativeAllocatorCollection.Name)]
public sealed class AllocatorPurgeTests
{
    /// <summary>DuckDB ships its jemalloc on Linux x64 only; elsewhere Purge is a no-op and there is nothing to observe.</summary>
    private static bool HasJemalloc
    {
        get
        {
            var expected = OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;
            if (expected) Assert.NotNull(DuckDbAllocator.DirtyBytes());
            return expected;
        }
    }

    private const string GroupingQuery = "SELECT COUNT(*) FROM (SELECT range % 500000 AS g, COUNT(*) FROM range(2000000) GROUP BY g)";

    [Fact]
    public void A_purge_returns_the_pages_a_finished_query_left_dirty()
    {
        if (!HasJemalloc) return;
        // Opening a warehouse shortens the allocator's decay (process-wide): kept off here, freed pages stay dirty
        // until something purges them, so the test sees what the purge does rather than what the decay did.
        DuckDbAllocator.SetDecay(-1, -1);
        try
        {
            RankAndPurge();
        }
        finally
        {
            DuckDbAllocator.BoundRetention();
        }
    }

    private static void RankAndPurge()
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        // A grouping over two million rows builds tens of MB of hash tables, all freed when the statement ends.
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = GroupingQuery;
            Assert.Equal(500_000L, Convert.ToInt64(cmd.ExecuteScalar()));
        }
        var before = DuckDbAllocator.DirtyBytes()!.Value;
        Assert.True(before > 8 * 1_048_576, $"expected the freed hash tables kept by the allocator, found {before} bytes");

        DuckDbAllocator.Purge();

        // The allocator is process-wide: a DuckDB instance of another test class finishing its work may free pages
        // between the purge and the reading, so this asks for most of them gone rather than exactly none.
        var after = DuckDbAllocator.DirtyBytes()!.Value;
        Assert.True(after < before / 4, $"the purge left {after} of {before} dirty bytes");
    }

    [Fact]
    public async Task Opening_a_warehouse_makes_the_allocator_return_freed_pages_at_once()
    {
        if (!HasJemalloc) return;
        DuckDbAllocator.SetDecay(1000, 1000); // DuckDB's own defaults, as before any warehouse was opened
        Assert.Equal(1000L, DuckDbAllocator.ArenaDirtyDecayMs());

        var dir = Path.Combine(Path.GetTempPath(), "coldemail-decay-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using (var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(Path.Combine(dir, "w.duckdb"), TimeProvider: TimeProvider.System)))
            {
                await warehouse.EnsureSchemaAsync();
            }
            Assert.Equal(DuckDbAllocator.DirtyDecayMs, DuckDbAllocator.ArenaDirtyDecayMs());

            // The same grouping that leaves tens of MB dirty without the setting (the test above) now leaves next to none.
            using var conn = new DuckDBConnection("Data Source=:memory:");
            conn.Open();
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = GroupingQuery;
                Assert.Equal(500_000L, Convert.ToInt64(cmd.ExecuteScalar()));
            }
            var dirty = DuckDbAllocator.DirtyBytes()!.Value;
            Assert.True(dirty < 8 * 1_048_576, $"expected freed pages returned at once, found {dirty} dirty bytes");
        }
        finally
        {
            DuckDbAllocator.BoundRetention();
            Directory.Delete(dir, recursive: true);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAllocatorCollection
{
    public const string Name = "DuckDB's allocator (process-wide)";
}
