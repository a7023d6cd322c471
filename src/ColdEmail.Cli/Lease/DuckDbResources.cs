using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse.DuckDb;

namespace ColdEmail.Cli.Lease;

/// <summary>coldemail.warehouse.duckdb's memory, threads and file-sharing settings as the adapter takes them.</summary>
public static class DuckDbResources
{
    /// <param name="onLockWait">Where "the file is held by another process, waiting" goes (the verb's stderr).</param>
    public static DuckDbResourceOptions From(ColdEmailSettings settings, Action<string>? onLockWait)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var r = settings.DuckDbResources;
        return new DuckDbResourceOptions(r.MemoryLimit, r.Threads, r.LockWait, r.ReleaseAfter, onLockWait) { ReadingMemoryLimit = r.ReadingMemoryLimit };
    }
}
