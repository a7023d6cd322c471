using ColdEmail.Warehouse.DuckDb;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>The file is opened on use with the configured memory_limit and threads, and let go after the idle delay.</summary>
public sealed class FileHoldTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "coldemail-hold-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task The_file_is_held_while_used_with_the_configured_limits_and_released_after_the_idle_delay()
    {
        var clock = new FakeTimeProvider(TempWarehouse.Now);
        var path = Path.Combine(_dir, "w.duckdb");
        await using var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(path, TimeProvider: clock,
            Resources: new DuckDbResourceOptions("64MB", 1, ReleaseAfter: TimeSpan.FromSeconds(2), Clock: clock)));
        Assert.False(warehouse.HoldsFile);

        await warehouse.EnsureSchemaAsync();
        Assert.True(warehouse.HoldsFile);
        // A connection of this process shares the adapter's database instance, so it sees its settings.
        using (var conn = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}"))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT current_setting('threads'), current_setting('memory_limit')";
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(1L, Convert.ToInt64(r.GetValue(0)));
            Assert.Equal("61.0 MiB", r.GetString(1)); // 64 MB = 61.0 MiB
        }

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(warehouse.HoldsFile);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(warehouse.HoldsFile);

        // Used again: reopened on demand.
        Assert.Empty(await warehouse.ListRunsAsync(5));
        Assert.True(warehouse.HoldsFile);
    }
}
