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

    /// <summary>
    /// Returns every arena's unused dirty pages to the OS, DuckDB's jemalloc and the C library's malloc both; a
    /// no-op for an allocator the platform does not have.
    /// </summary>
    public static void Purge()
    {
        TrimCHeap();
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

    private static int _noMallocTrim;

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    /// <summary>
    /// DuckDB also allocates through the C library's malloc (its plain C++ objects; so do SQLite and the runtime):
    /// glibc keeps freed chunks in its arenas, 20-30 MB of them after ranking a million leads, until malloc_trim
    /// gives the free pages back (also those in the middle of an arena). glibc only: elsewhere this does nothing.
    /// </summary>
    private static void TrimCHeap()
    {
        if (!OperatingSystem.IsLinux() || Volatile.Read(ref _noMallocTrim) != 0) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _noMallocTrim, 1);
        }
    }
}
