using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// DuckDB's "Out of Memory Error": a statement needed more than <c>memory_limit</c> while other statements held the rest.
/// In a sync that is a passing state, not a fault: a campaign ranking its ready set (the heaviest statement, hash tables
/// and sorts) beside another campaign's lead-state upsert (whose primary-key index, before the table lost it, DuckDB
/// could not evict) together exceeded 256 MB at a million leads, while either alone fit; a write can still meet it
/// beside a ranking or the idle file's other work at the 128MB default. So an idempotent write that meets it waits for the ranking
/// in progress to finish and runs again, instead of failing the campaign's run.
/// </summary>
internal static class DuckDbOutOfMemory
{
    /// <summary>Tries in all, the first included: enough to outlast the rankings of every campaign queued behind each other.</summary>
    public const int Attempts = 4;

    /// <summary>A statement says "Out of Memory Error: could not allocate block…"; an appender says "Failed to append: could not allocate block…".</summary>
    public static bool Is(Exception e) =>
        e is DuckDBException && (e.Message.Contains("Out of Memory", StringComparison.OrdinalIgnoreCase)
                                 || e.Message.Contains("could not allocate block", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Runs <paramref name="write"/>, which must be safe to run again after a failed attempt (DuckDB rolled it back whole);
    /// after an out-of-memory failure waits for <paramref name="waitForRoom"/> and tries again, at most
    /// <paramref name="attempts"/> times in all. The last failure is thrown as it was.
    /// </summary>
    public static async Task RetryAsync(Func<Task> write, Func<CancellationToken, Task> waitForRoom, int attempts, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < attempts && Is(e))
            {
                await waitForRoom(ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="statement"/> (one that DuckDB rolls back whole when it fails); when it runs out of memory at
    /// <paramref name="threads"/> threads, runs it once more on one thread, then sets the threads back. Each of DuckDB's
    /// threads holds hash-table partitions and buffers of its own: ranking one campaign's ready set while the other
    /// campaign's 670,000 leads were active ran out of 128 MB on two threads (the lead-state join and its window) and
    /// fit on one, spilling more (12 s for both attempts, where a ranking without the states takes about 6; bench
    /// warehouse-rank --with-states). Threads are database-wide, so the file's other statements run on one thread
    /// meanwhile; they are slower, never wrong.
    /// </summary>
    public static void OnceMoreSingleThreaded(DuckDBConnection conn, int threads, Action statement)
    {
        try
        {
            statement();
            return;
        }
        catch (Exception e) when (threads > 1 && Is(e))
        {
            DuckDbAllocator.Purge();
        }
        DuckDbSetting.Threads(conn, 1);
        try
        {
            statement();
        }
        finally
        {
            DuckDbSetting.Threads(conn, threads);
        }
    }
}
