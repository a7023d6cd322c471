using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// DuckDB's memory limit as the sync's work on the file changes. Ranking a campaign's ready set is the one statement that
/// needs the whole memory-limit (the eligibility view's hash joins and window, then the sort); the campaign then reads the
/// ranked snapshot a page at a time for minutes, beside lead-state writes of a batch each, which need little. Yet DuckDB
/// keeps the snapshots' pages in its buffer pool up to the limit: at 1.44 million prospects the two campaigns' snapshots
/// held DuckDB at 140 MB for the whole enrolment, a third of the process (bench/memory.sh). So once a ranking is done the
/// limit drops to the reading limit: the snapshot pages beyond it move to the temporary directory and come back a page
/// at a time. It goes back up for the next ranking (which sets it under the ranking's turn, so no ranking ever runs at
/// the lower limit), when the last reading ends, and when a write runs out of memory at the lower limit (then it stays up
/// until the readings end). Database-wide, like the setting; one per file hold.
/// </summary>
internal sealed class DuckDbReadingMemory
{
    private readonly string _full;
    private readonly string? _reading;
    private int _readers;
    private volatile bool _stayFull;
    private volatile bool _lowered;

    public DuckDbReadingMemory(DuckDbResourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _full = options.MemoryLimit;
        // Only a limit below the memory limit is a reading limit; anything else (or no size DuckDB would take) keeps one limit.
        if (options.ReadingMemoryLimit is { } reading
            && DuckDbSize.TryParse(reading, out var readingBytes, out var normalized)
            && DuckDbSize.TryParse(options.MemoryLimit, out var fullBytes, out _)
            && readingBytes < fullBytes)
            _reading = normalized;
    }

    /// <summary>Readings of a ranked ready set in progress.</summary>
    public int Readers => Volatile.Read(ref _readers);

    /// <summary>Before a ranking, under the ranking's turn: the whole limit.</summary>
    public void Ranking(DuckDBConnection conn)
    {
        if (_reading is null) return;
        DuckDbSetting.MemoryLimit(conn, _full);
        _lowered = false;
    }

    /// <summary>After a ranking, still under its turn: a reading starts, and the limit drops unless a write needed more.</summary>
    public void ReadingStarted(DuckDBConnection conn)
    {
        Interlocked.Increment(ref _readers);
        if (_reading is not null && !_stayFull) TryLower(conn, _reading);
    }

    /// <summary>A reading ended (read to its end, cut short or failed): the last one gives the whole limit back.</summary>
    public void ReadingEnded(DuckDBConnection conn)
    {
        if (Interlocked.Decrement(ref _readers) > 0 || _reading is null) return;
        _stayFull = false;
        try
        {
            DuckDbSetting.MemoryLimit(conn, _full);
            _lowered = false;
        }
        catch (DuckDBException)
        {
            // A connection that failed mid-read may refuse even this; the next ranking sets the whole limit, and so
            // does a write that runs out of memory (RanOutOfMemory) and every new open of the file.
        }
    }

    /// <summary>
    /// A statement ran out of memory: the whole limit, and while readings go on it stays until they end. True when the
    /// limit was the lower one, so the statement may fit now; false when it already had the whole limit (running it
    /// again would only fail again).
    /// </summary>
    public bool RanOutOfMemory(DuckDBConnection conn)
    {
        if (_reading is null) return false;
        _stayFull = Readers > 0;
        var wasLowered = _lowered;
        DuckDbSetting.MemoryLimit(conn, _full);
        _lowered = false;
        return wasLowered;
    }

    /// <summary>
    /// Runs <paramref name="read"/>; when it runs out of memory at the reading limit, runs it once more at the whole limit
    /// (<see cref="RanOutOfMemory"/>). A read that already had the whole limit fails as it did.
    /// </summary>
    public T OnceMoreAtTheWholeLimit<T>(DuckDBConnection conn, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (DuckDbOutOfMemory.Is(e))
        {
            if (!RanOutOfMemory(conn)) throw;
            return read();
        }
    }

    /// <summary>
    /// The file is about to close, and with it DuckDB checkpoints: it writes every change since the last checkpoint into
    /// the file, filling its buffer pool to the limit on the way. At 1.44 million leads that close was the process's
    /// largest moment (bench/memory.sh: 409 MB against 394 during the sync). So the checkpoint runs here first, at the
    /// reading limit, and the close finds nothing left to write. The whole limit is back before this returns (the limit
    /// is the instance's, and a connection outside the hold may outlive it); a checkpoint that fails or runs out of
    /// memory leaves the work to the close, at the whole limit, as before.
    /// </summary>
    public void Closing(DuckDBConnection conn)
    {
        if (_reading is null || Readers > 0) return;
        try
        {
            DuckDbSetting.MemoryLimit(conn, _reading);
            DuckDbSetting.Checkpoint(conn);
        }
        catch (Exception e) when (e is DuckDBException or InvalidOperationException)
        {
            // Another transaction open on the instance, the reading limit too small for it, or a connection that broke:
            // the close checkpoints. Never thrown on: this runs on the idle-release timer, where it would end the process.
        }
        finally
        {
            try
            {
                DuckDbSetting.MemoryLimit(conn, _full);
            }
            catch (Exception e) when (e is DuckDBException or InvalidOperationException)
            {
                // Nothing runs at the close; a refusal here leaves the lower limit to an instance that is closing anyway.
            }
            _lowered = false;
        }
    }

    private void TryLower(DuckDBConnection conn, string limit)
    {
        try
        {
            DuckDbSetting.MemoryLimit(conn, limit);
            _lowered = true;
        }
        catch (DuckDBException)
        {
            // DuckDB refuses a limit below what its running statements hold pinned right now: the reading goes on at
            // the whole limit, which costs memory, never an answer.
        }
    }
}
