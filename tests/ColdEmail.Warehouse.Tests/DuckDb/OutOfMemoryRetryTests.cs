using ColdEmail.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// A lead-state write never runs beside a ranking (together they need more than memory_limit), and one that meets DuckDB's
/// "Out of Memory" all the same waits for room and runs again instead of failing the campaign's run (issue 12: two of four 1.44-million-lead syncs lost a campaign
/// to it at the default 256 MB). The error here is DuckDB's own, from a statement that cannot fit in 1 MB.
/// </summary>
public sealed class OutOfMemoryRetryTests
{
    private static DuckDBException RealOutOfMemory()
    {
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SET memory_limit = '1MB'; SET temp_directory = ''; SELECT list(i) FROM range(5000000) t(i);";
        return Assert.Throws<DuckDBException>(() => cmd.ExecuteScalar());
    }

    [Fact]
    public void DuckDBs_out_of_memory_error_is_recognised_and_other_errors_are_not()
    {
        var oom = RealOutOfMemory();
        Assert.True(DuckDbOutOfMemory.Is(oom), oom.Message);

        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT * FROM no_such_table";
        Assert.False(DuckDbOutOfMemory.Is(Assert.Throws<DuckDBException>(() => cmd.ExecuteScalar())));
        Assert.False(DuckDbOutOfMemory.Is(new InvalidOperationException("Out of Memory")));
    }

    [Fact]
    public async Task A_write_that_ran_out_of_memory_waits_for_room_and_runs_again()
    {
        var oom = RealOutOfMemory();
        var log = new List<string>();
        var writes = 0;

        await DuckDbOutOfMemory.RetryAsync(
            () => { log.Add("write"); return ++writes < 3 ? Task.FromException(oom) : Task.CompletedTask; },
            _ => { log.Add("wait"); return Task.CompletedTask; },
            DuckDbOutOfMemory.Attempts, CancellationToken.None);

        Assert.Equal(["write", "wait", "write", "wait", "write"], log);
    }

    [Fact]
    public async Task It_gives_up_after_its_attempts_with_DuckDBs_error_and_never_retries_another_error()
    {
        var oom = RealOutOfMemory();
        var writes = 0;
        var thrown = await Assert.ThrowsAsync<DuckDBException>(() => DuckDbOutOfMemory.RetryAsync(
            () => { writes++; return Task.FromException(oom); }, _ => Task.CompletedTask, 3, CancellationToken.None));
        Assert.Same(oom, thrown);
        Assert.Equal(3, writes);

        var other = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => DuckDbOutOfMemory.RetryAsync(
            () => { other++; return Task.FromException(new InvalidOperationException("lease lost")); }, _ => Task.CompletedTask, 3, CancellationToken.None));
        Assert.Equal(1, other);
    }

    [Fact]
    public void A_ranking_that_ran_out_of_memory_runs_once_more_on_one_thread_and_the_threads_are_set_back()
    {
        var oom = RealOutOfMemory();
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        Threads(conn, 2);
        var seen = new List<long>();

        DuckDbOutOfMemory.OnceMoreSingleThreaded(conn, 2, () =>
        {
            seen.Add(CurrentThreads(conn));
            if (seen.Count == 1) throw oom;
        });

        Assert.Equal([2L, 1L], seen);
        Assert.Equal(2, CurrentThreads(conn));

        // The second attempt's failure is the caller's, and the threads are set back all the same.
        seen.Clear();
        Assert.Same(oom, Assert.Throws<DuckDBException>(() => DuckDbOutOfMemory.OnceMoreSingleThreaded(conn, 2, () =>
        {
            seen.Add(CurrentThreads(conn));
            throw oom;
        })));
        Assert.Equal([2L, 1L], seen);
        Assert.Equal(2, CurrentThreads(conn));
    }

    [Fact]
    public void Other_errors_and_a_ranking_already_on_one_thread_are_not_run_again()
    {
        var oom = RealOutOfMemory();
        using var conn = new DuckDBConnection("Data Source=:memory:");
        conn.Open();
        var runs = 0;
        Assert.Throws<InvalidOperationException>(() => DuckDbOutOfMemory.OnceMoreSingleThreaded(conn, 2, () => { runs++; throw new InvalidOperationException("no such table"); }));
        Assert.Equal(1, runs);

        Threads(conn, 1);
        runs = 0;
        Assert.Same(oom, Assert.Throws<DuckDBException>(() => DuckDbOutOfMemory.OnceMoreSingleThreaded(conn, 1, () => { runs++; throw oom; })));
        Assert.Equal(1, runs);
    }

    private static void Threads(DuckDBConnection conn, int threads)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SET threads = {threads}";
        cmd.ExecuteNonQuery();
    }

    private static long CurrentThreads(DuckDBConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT current_setting('threads')";
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_lead_state_write_does_not_run_beside_a_ranking_it_waits_for_the_ranking_then_lands()
    {
        // Beside a ranking a write would need memory the ranking holds (at 128MB and a million leads, DuckDB ran out of
        // it), so it waits for the ranking's turn even when memory would suffice, and lands once the ranking is done.
        await using var temp = await TempWarehouse.CreateAsync();
        var warehouse = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(temp.Path, TimeProvider: temp.Clock,
            Resources: new DuckDbResourceOptions(ReleaseAfter: TimeSpan.FromHours(1))));
        await using var _ = warehouse;
        var rows = Enumerable.Range(0, 2_000).Select(i => new LeadStateRow($"lead{i}@example.com", "camp-1", "SMB",
            ColdEmail.Domain.Leads.LeadState.Active, $"lead-{i}", 1, null, temp.Clock.GetUtcNow())).ToList();

        var turn = RankingTurnOf(warehouse);
        await turn.WaitAsync();
        var write = warehouse.UpsertLeadStatesAsync(rows);
        var first = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(2)));
        await (first == write ? write : Task.CompletedTask); // a failed write shows its error
        Assert.NotSame(write, first); // it waits for the ranking's turn
        Assert.Empty(await warehouse.CountActiveByCampaignAsync()); // and has written nothing beside the ranking

        turn.Release();
        await write;
        Assert.Equal(2_000, (await warehouse.CountActiveByCampaignAsync())["camp-1"]);
    }

    private static SemaphoreSlim RankingTurnOf(DuckDbLeadWarehouse warehouse) =>
        (SemaphoreSlim)typeof(DuckDbLeadWarehouse).GetProperty("RankingTurn", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(warehouse)!;
}
