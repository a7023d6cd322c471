namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// How much of the machine the embedded warehouse may take, and how it shares its file with other processes.
/// DuckDB lets one process open a file for writing at a time, so the adapter opens the file only while it is used
/// and releases it <paramref name="ReleaseAfter"/> after the last use: between a daemon's runs an operator verb can
/// open it. A process that finds the file held waits up to <paramref name="LockWait"/> (backing off) and then fails
/// with <see cref="WarehouseBusyException"/>.
/// </summary>
/// <param name="MemoryLimit">DuckDB's memory_limit (e.g. "128MB"): its buffer pool; larger work spills to disk.</param>
/// <param name="Threads">DuckDB's threads: worker threads per query (each also holds buffers).</param>
/// <param name="OnLockWait">Told once per wait that the file is held by another process (the CLI prints it on stderr).</param>
/// <param name="Clock">The clock for the idle release and the backoff (resource timing, not business time).</param>
public sealed record DuckDbResourceOptions(
    string MemoryLimit = DuckDbResourceOptions.DefaultMemoryLimit,
    int Threads = DuckDbResourceOptions.DefaultThreads,
    TimeSpan? LockWait = null,
    TimeSpan? ReleaseAfter = null,
    Action<string>? OnLockWait = null,
    TimeProvider? Clock = null)
{
    public const string DefaultMemoryLimit = "128MB";
    public const string DefaultReadingMemoryLimit = "48MB";
    public const int DefaultThreads = 2;
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultReleaseAfter = TimeSpan.FromSeconds(2);

    public static DuckDbResourceOptions Default { get; } = new();

    /// <summary>
    /// DuckDB's memory_limit while campaigns only read their ranked ready sets a page at a time and write lead states
    /// (<see cref="DuckDbReadingMemory"/>); null or a size not below <see cref="MemoryLimit"/>: the memory limit throughout.
    /// </summary>
    public string? ReadingMemoryLimit { get; init; } = DefaultReadingMemoryLimit;

    public TimeSpan EffectiveLockWait => LockWait ?? DefaultLockWait;
    public TimeSpan EffectiveReleaseAfter => ReleaseAfter ?? DefaultReleaseAfter;
}
