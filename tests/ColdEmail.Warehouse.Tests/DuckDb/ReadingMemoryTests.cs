using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// DuckDB's memory limit drops to the reading limit once a campaign's ready set is ranked, and comes back for the next
/// ranking, when the last reading ends, and when a statement runs out of memory at the lower limit (issue 12: the ranked
/// snapshots held DuckDB at its whole limit for the entire enrolment of 1.44 million leads).
/// </summary>
public sealed class ReadingMemoryTests
{
    private static DuckDBConnection Memory(string limit)
    {
        var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SET memory_limit = '{limit}'";
        cmd.ExecuteNonQuery();
        return conn;
    }

    private static string Limit(DuckDBConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT current_setting('memory_limit')";
        return (string)cmd.ExecuteScalar()!;
    }

    [Fact]
    public void The_limit_drops_while_ready_sets_are_read_and_comes_back_when_the_last_reading_ends()
    {
        using var conn = Memory("128MB");
        var full = Limit(conn);
        var memory = new DuckDbReadingMemory(new DuckDbResourceOptions("128MB") { ReadingMemoryLimit = "48MB" });

        memory.Ranking(conn);
        Assert.Equal(full, Limit(conn));
        memory.ReadingStarted(conn);
        Assert.Equal("45.7 MiB", Limit(conn)); // 48 MB

        // A second campaign ranks at the whole limit and reads beside the first.
        memory.Ranking(conn);
        Assert.Equal(full, Limit(conn));
        memory.ReadingStarted(conn);
        Assert.Equal("45.7 MiB", Limit(conn));

        memory.ReadingEnded(conn);
        Assert.Equal("45.7 MiB", Limit(conn)); // one reading goes on
        memory.ReadingEnded(conn);
        Assert.Equal(full, Limit(conn));
        Assert.Equal(0, memory.Readers);
    }

    [Fact]
    public void After_running_out_of_memory_at_the_reading_limit_the_whole_limit_stays_until_the_readings_end()
    {
        using var conn = Memory("128MB");
        var full = Limit(conn);
        var memory = new DuckDbReadingMemory(new DuckDbResourceOptions("128MB") { ReadingMemoryLimit = "48MB" });
        memory.Ranking(conn);
        memory.ReadingStarted(conn);

        memory.RanOutOfMemory(conn);
        Assert.Equal(full, Limit(conn));
        // A further ranking does not lower it again while the readings that needed it go on.
        memory.Ranking(conn);
        memory.ReadingStarted(conn);
        Assert.Equal(full, Limit(conn));

        memory.ReadingEnded(conn);
        memory.ReadingEnded(conn);
        // The next sync lowers it again.
        memory.Ranking(conn);
        memory.ReadingStarted(conn);
        Assert.Equal("45.7 MiB", Limit(conn));
    }

    [Fact]
    public void Running_out_of_memory_is_worth_a_second_try_only_when_the_limit_was_the_lower_one()
    {
        using var conn = Memory("128MB");
        var memory = new DuckDbReadingMemory(new DuckDbResourceOptions("128MB") { ReadingMemoryLimit = "48MB" });
        Assert.False(memory.RanOutOfMemory(conn)); // no reading: the statement had the whole limit
        memory.Ranking(conn);
        memory.ReadingStarted(conn);
        Assert.True(memory.RanOutOfMemory(conn));
        Assert.False(memory.RanOutOfMemory(conn)); // raised already
        memory.ReadingEnded(conn);
    }

    private static long Heavy(DuckDBConnection conn)
    {
        // A hash aggregate of two million groups: far beyond 4 MB, and a database in memory has nowhere to spill it.
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM (SELECT range % 2000003 AS k, count(*) FROM range(4000000) GROUP BY k)";
        return Convert.ToInt64(cmd.ExecuteScalar());
    }

    [Fact]
    public void A_read_that_runs_out_of_memory_at_the_reading_limit_runs_once_more_at_the_whole_limit()
    {
        using var conn = Memory("1GB");
        var memory = new DuckDbReadingMemory(new DuckDbResourceOptions("1GB") { ReadingMemoryLimit = "4MB" });
        memory.Ranking(conn);
        memory.ReadingStarted(conn);
        var tries = 0;

        var groups = memory.OnceMoreAtTheWholeLimit(conn, () => { tries++; return Heavy(conn); });

        Assert.Equal(2_000_003, groups);
        Assert.Equal(2, tries);
        // At the whole limit already, a read that does not fit fails as it did, once.
        using var small = Memory("4MB");
        var whole = new DuckDbReadingMemory(new DuckDbResourceOptions("4MB") { ReadingMemoryLimit = "2MB" });
        tries = 0;
        Assert.ThrowsAny<DuckDBException>(() => whole.OnceMoreAtTheWholeLimit(small, () => { tries++; return Heavy(small); }));
        Assert.Equal(1, tries);
        memory.ReadingEnded(conn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("128MB")]
    [InlineData("1GB")]
    [InlineData("lots")]
    public void A_reading_limit_that_is_not_below_the_memory_limit_keeps_one_limit(string? reading)
    {
        using var conn = Memory("128MB");
        var full = Limit(conn);
        var memory = new DuckDbReadingMemory(new DuckDbResourceOptions("128MB") { ReadingMemoryLimit = reading });
        memory.Ranking(conn);
        memory.ReadingStarted(conn);
        Assert.Equal(full, Limit(conn));
        memory.ReadingEnded(conn);
        Assert.Equal(full, Limit(conn));
    }

    [Fact]
    public async Task A_ready_set_is_read_at_the_reading_limit_and_the_file_gets_its_whole_limit_back_afterwards()
    {
        await using var temp = await TempWarehouse.CreateAsync();
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(temp.Path, TimeProvider: temp.Clock,
            Resources: new DuckDbResourceOptions("96MB", ReleaseAfter: TimeSpan.FromHours(1)) { ReadingMemoryLimit = "32MB" }));
        await using var _ = warehouse;
        await warehouse.EnsureSchemaAsync();
        await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(3).Generate(300));
        // A connection of this process shares the adapter's database instance, so it sees its settings.
        using var probe = new DuckDBConnection($"Data Source={temp.Path}");
        probe.Open();
        var full = Limit(probe);
        Assert.Equal("91.5 MiB", full);

        var rows = warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(CampaignRouting.Default, null, PageSize: 50, Now: TempWarehouse.Now)).GetAsyncEnumerator();
        Assert.True(await rows.MoveNextAsync());
        Assert.Equal("30.5 MiB", Limit(probe)); // 32 MB while the pages are read
        var read = 1;
        while (await rows.MoveNextAsync()) read++;
        await rows.DisposeAsync();

        Assert.True(read > 50, $"only {read} rows: the read did not span pages");
        Assert.Equal(full, Limit(probe));
    }
    private static long WalBytes(string path) => File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0;

    // Its own directory: a TempWarehouse's adapter would be one more hold of the file.
    private static string NewFile()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-closing-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, "w.duckdb");
    }

    private static void Remove(string path)
    {
        try
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<DuckDbLeadWarehouse> Holding(string path, FakeTimeProvider clock)
    {
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(path, TimeProvider: clock,
            Resources: new DuckDbResourceOptions("96MB", ReleaseAfter: TimeSpan.FromSeconds(2), Clock: clock) { ReadingMemoryLimit = "32MB" }));
        await warehouse.EnsureSchemaAsync();
        return warehouse;
    }

    [Fact]
    public async Task The_last_hold_checkpoints_the_file_before_closing_it_and_leaves_the_whole_limit()
    {
        var path = NewFile();
        try
        {
            var clock = new FakeTimeProvider(TempWarehouse.Now);
            await using var warehouse = await Holding(path, clock);
            // A connection outside the hold keeps DuckDB's instance open, so closing the hold does not checkpoint by itself.
            using var probe = new DuckDBConnection($"Data Source={path}");
            probe.Open();
            var full = Limit(probe);
            await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(5).Generate(200));
            Assert.True(WalBytes(path) > 0, "the load left nothing in the write-ahead log");

            clock.Advance(TimeSpan.FromSeconds(2));

            Assert.False(warehouse.HoldsFile);
            Assert.Equal(0, WalBytes(path));
            Assert.Equal(full, Limit(probe));
        }
        finally
        {
            Remove(path);
        }
    }

    [Fact]
    public async Task A_hold_that_closes_while_another_holds_the_same_file_leaves_the_checkpoint_to_the_last()
    {
        var path = NewFile();
        try
        {
            var first = new FakeTimeProvider(TempWarehouse.Now);
            var second = new FakeTimeProvider(TempWarehouse.Now);
            await using var one = await Holding(path, first);
            await using var other = await Holding(path, second);
            await one.LoadEligibleLeadsAsync(new ProspectGenerator(5).Generate(200));
            var wal = WalBytes(path);
            Assert.True(wal > 0, "the load left nothing in the write-ahead log");

            first.Advance(TimeSpan.FromSeconds(2));
            Assert.False(one.HoldsFile);
            Assert.True(other.HoldsFile);
            Assert.Equal(wal, WalBytes(path)); // no checkpoint under the other hold's feet

            second.Advance(TimeSpan.FromSeconds(2));
            Assert.False(other.HoldsFile);
            Assert.Equal(0, WalBytes(path));
        }
        finally
        {
            Remove(path);
        }
    }
}
