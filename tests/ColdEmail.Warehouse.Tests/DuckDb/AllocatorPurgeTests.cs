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

    [Fact]
    public void A_purge_returns_the_pages_a_finished_query_left_dirty()
    {
        if (!HasJemalloc) return;
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        // A grouping over two million rows builds tens of MB of hash tables, all freed when the statement ends.
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT COUNT(*) FROM (SELECT range % 500000 AS g, COUNT(*) FROM range(2000000) GROUP BY g)";
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
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NativeAllocatorCollection
{
    public const string Name = "DuckDB's allocator (process-wide)";
}
