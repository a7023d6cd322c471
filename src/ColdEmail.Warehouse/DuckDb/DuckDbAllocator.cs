using System.Runtime.InteropServices;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Hands DuckDB's freed memory back to the operating system. DuckDB's Linux x64 library allocates through its own
/// jemalloc, which keeps freed pages (dirty) for reuse and returns them only on later allocator activity: after the
/// ranking of a large ready set, tens of MB of hash tables and sort runs stay resident while the run goes on to
/// read pages, and after a run they stay until the next. Purging at those points keeps the working set near what
/// DuckDB really holds (its memory_limit bounds the allocated part, not the retained part). Libraries built
/// without jemalloc (other platforms) do not export the entry point: then this does nothing.
/// </summary>
internal static partial class DuckDbAllocator
{
    // jemalloc's MALLCTL_ARENAS_ALL: "arena.4096.purge" purges every arena.
    private const string PurgeAll = "arena.4096.purge";
    private static int _unavailable;

    [LibraryImport("duckdb", EntryPoint = "duckdb_je_mallctl", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Mallctl(string name, IntPtr oldp, IntPtr oldlenp, IntPtr newp, nuint newlen);

    /// <summary>
    /// Bytes DuckDB has freed but its allocator still keeps resident (jemalloc's dirty pages over all arenas);
    /// null where DuckDB has no jemalloc. For tests and diagnostics.
    /// </summary>
    public static long? DirtyBytes()
    {
        if (Volatile.Read(ref _unavailable) != 0) return null;
        try
        {
            // Statistics are refreshed by writing the epoch.
            var epoch = 1UL;
            unsafe
            {
                Mallctl("epoch", IntPtr.Zero, IntPtr.Zero, (IntPtr)(&epoch), (nuint)sizeof(ulong));
            }
            return Read("stats.arenas.4096.pdirty") * Read("arenas.page");
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
            return null;
        }
    }

    private static unsafe long Read(string name)
    {
        nuint value = 0;
        var length = (nuint)sizeof(nuint);
        return Mallctl(name, (IntPtr)(&value), (IntPtr)(&length), IntPtr.Zero, 0) == 0
            ? (long)value
            : throw new InvalidOperationException($"jemalloc has no statistic {name}");
    }

    /// <summary>Returns every arena's unused dirty pages to the OS; a no-op where DuckDB has no jemalloc.</summary>
    public static void Purge()
    {
        if (Volatile.Read(ref _unavailable) != 0) return;
        try
        {
            Mallctl(PurgeAll, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, 0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
        }
    }
}
