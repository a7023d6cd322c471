using System.Data;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Keeps the DuckDB file open only while the adapter uses it. DuckDB.NET shares one database instance per file among
/// a process's open connections and closes it (releasing the OS file lock) when the last one closes; a root connection
/// held from the first use until <see cref="DuckDbResourceOptions.ReleaseAfter"/> after the last one keeps a busy run
/// from reopening (and checkpointing) the file between statements, and lets another process (an operator verb, the
/// next daemon) open the file between runs. Opening a file another process holds is retried with backoff for up to
/// <see cref="DuckDbResourceOptions.LockWait"/>, then fails with <see cref="WarehouseBusyException"/>.
/// </summary>
internal sealed class DuckDbFileHold : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    // Holds of this process with the file open, per file: they share one DuckDB instance, and its memory limit with it.
    private static readonly Dictionary<string, int> OpenHolds = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _key;
    private readonly DuckDbResourceOptions _options;
    private readonly DuckDbReadingMemory? _memory;
    private readonly TimeProvider _clock;
    private DuckDBConnection? _root;
    private ITimer? _release;
    private int _users;
    private bool _disposed;

    /// <param name="memory">Checkpoints at the reading limit before the last hold of the file closes it (null: the close does).</param>
    public DuckDbFileHold(string path, DuckDbResourceOptions? options, DuckDbReadingMemory? memory = null)
    {
        _path = path;
        _key = Path.GetFullPath(path);
        _memory = memory;
        _connectionString = $"Data Source={path}";
        _options = options ?? DuckDbResourceOptions.Default;
        _clock = _options.Clock ?? TimeProvider.System;
    }

    /// <summary>True while the file is open in this process (for tests and diagnostics).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_gate) return _root is not null;
        }
    }

    /// <summary>An open connection; the file stays held until it and every other one is closed (plus the release delay).</summary>
    public DuckDBConnection Open()
    {
        Acquire();
        var conn = new DuckDBConnection(_connectionString);
        var released = 0;
        void ReleaseOnce()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) Release();
        }
        conn.StateChange += (_, e) =>
        {
            if (e.CurrentState == ConnectionState.Closed) ReleaseOnce();
        };
        try
        {
            conn.Open();
            return conn;
        }
        catch
        {
            ReleaseOnce();
            conn.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            CloseRoot();
        }
    }

    private void Acquire()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _users++;
            _release?.Dispose();
            _release = null;
            if (_root is not null) return;
            try
            {
                // Inside the gate: no connection exists while the root is closed, so nothing waits on a release here.
                _root = OpenRoot();
                lock (OpenHolds) OpenHolds[_key] = OpenHolds.GetValueOrDefault(_key) + 1;
            }
            catch
            {
                _users--;
                throw;
            }
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _users--;
            if (_users > 0 || _disposed || _root is null) return;
            var after = _options.EffectiveReleaseAfter;
            if (after <= TimeSpan.Zero)
            {
                CloseRoot();
                return;
            }
            _release = _clock.CreateTimer(_ => CloseIfIdle(), null, after, Timeout.InfiniteTimeSpan);
        }
    }

    private void CloseIfIdle()
    {
        lock (_gate)
        {
            if (_users == 0) CloseRoot();
        }
    }

    private void CloseRoot()
    {
        _release?.Dispose();
        _release = null;
        if (_root is null) return;
        bool last;
        lock (OpenHolds)
        {
            last = OpenHolds.GetValueOrDefault(_key) <= 1;
            if (last) OpenHolds.Remove(_key);
            else OpenHolds[_key]--;
        }
        // Only the file's last hold, and only when none of its own statements still runs (a dispose can come mid-query):
        // a lower limit under a running statement could make it run out of memory.
        if (last && _users == 0) _memory?.Closing(_root);
        _root.Dispose();
        _root = null;
        // Closing the database frees everything DuckDB held; its allocators would keep those pages until the next run.
        DuckDbAllocator.Purge();
    }

    private DuckDBConnection OpenRoot()
    {
        var started = _clock.GetTimestamp();
        var backoff = FirstBackoff;
        var told = false;
        while (true)
        {
            var root = new DuckDBConnection(_connectionString);
            try
            {
                root.Open();
                Configure(root);
                return root;
            }
            catch (DuckDBException e) when (DuckDbLockConflict.Is(e))
            {
                root.Dispose();
                var waited = _clock.GetElapsedTime(started);
                var wait = _options.EffectiveLockWait;
                // Said once, at the first conflict, even when the wait is already over (a slow first open).
                if (!told)
                {
                    told = true;
                    _options.OnLockWait?.Invoke(
                        $"The DuckDB warehouse {_path} is in use by {DuckDbLockConflict.Holder(e)} (a daemon's run?); waiting up to {wait.TotalSeconds:0.#} s for it");
                }
                if (waited >= wait)
                {
                    throw new WarehouseBusyException(
                        $"The DuckDB warehouse {_path} is held by {DuckDbLockConflict.Holder(e)} and was not released within {wait.TotalSeconds:0.#} s " +
                        "(coldemail.warehouse.duckdb.lock-wait). A running daemon releases the file between its runs; try again, or raise lock-wait.");
                }
                var pause = backoff < wait - waited ? backoff : wait - waited;
                Task.Delay(pause, _clock).GetAwaiter().GetResult();
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
            catch
            {
                root.Dispose();
                throw;
            }
        }
    }

    private void Configure(DuckDBConnection root)
    {
        // Both are database-wide and last as long as the instance: applied once per open of the file.
        Set(_options.MemoryLimit, "memory_limit", () => DuckDbSetting.MemoryLimit(root, _options.MemoryLimit));
        Set(_options.Threads, "threads", () => DuckDbSetting.Threads(root, _options.Threads));
        // DuckDB's allocator would otherwise keep what a finished query freed resident for seconds (see BoundRetention).
        DuckDbAllocator.BoundRetention();
    }

    private static void Set(object value, string name, Action set)
    {
        try
        {
            set();
        }
        catch (DuckDBException e)
        {
            throw new WarehouseException($"DuckDB refused {name} = {value}: {e.Message}", e);
        }
    }
}
