using ColdEmail.Warehouse.DuckDb;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// A lead-state write that meets DuckDB's "Out of Memory" (a ranking beside it holds the rest of memory_limit) waits for
/// room and runs again instead of failing the campaign's run (issue 12: two of four 1.44-million-lead syncs lost a campaign
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
    public async Task A_lead_state_write_short_of_memory_waits_for_the_ranking_in_progress_then_lands()
    {
        // A real warehouse whose memory_limit is far too small for a 20,000-row upsert; a ranking holds its turn. The
        // write fails, waits for that turn, and, memory freed meanwhile (the limit raised, as a finished ranking frees
        // its hash tables), lands whole. Without the retry the campaign's run failed with DuckDB's error.
        await using var temp = await TempWarehouse.CreateAsync();
        var tight = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(temp.Path, TimeProvider: temp.Clock,
            Resources: new DuckDbResourceOptions(MemoryLimit: "512KB", ReleaseAfter: TimeSpan.FromHours(1))));
        await using var _ = tight;
        var rows = Enumerable.Range(0, 20_000).Select(i => new LeadStateRow($"lead{i}@example.com", "camp-1", "SMB",
            ColdEmail.Domain.Leads.LeadState.Active, $"lead-{i}", 1, null, temp.Clock.GetUtcNow())).ToList();

        var turn = RankingTurnOf(tight);
        await turn.WaitAsync();
        var write = tight.UpsertLeadStatesAsync(rows);
        var waiting = await Task.WhenAny(write, Task.Delay(TimeSpan.FromSeconds(2)));
        if (write.IsFaulted) throw write.Exception!.InnerException!; // the old code: DuckDB's error, the run failed
        Assert.NotSame(write, waiting); // short of memory, it waits for the ranking's turn instead of failing

        await using (var conn = new DuckDBConnection($"Data Source={temp.Path}"))
        {
            conn.Open();
            using var raise = conn.CreateCommand();
            raise.CommandText = "SET memory_limit = '256MB'";
            raise.ExecuteNonQuery();
        }
        turn.Release();
        await write;

        Assert.Equal(20_000, (await tight.CountActiveByCampaignAsync())["camp-1"]);
    }

    private static SemaphoreSlim RankingTurnOf(DuckDbLeadWarehouse warehouse) =>
        (SemaphoreSlim)typeof(DuckDbLeadWarehouse).GetProperty("RankingTurn", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(warehouse)!;
}
