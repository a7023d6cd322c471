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

    /// <summary>
    /// How long DuckDB's jemalloc keeps freed pages before it hands them back: DuckDB builds it with 1 s for dirty
    /// pages, then another second as "muzzy" pages (MADV_FREE, which Linux still counts in the resident set until it
    /// runs short of memory). Decay only advances on allocator activity, and DuckDB frees and reallocates tens of MB a
    /// second in big blocks (hash tables, sort runs, scans), so during a sync the allocator kept 75-90 MB resident
    /// beyond what DuckDB used (344 MB resident for 255 MB in use at 1.44M leads); returned at once, about 10 MB
    /// (bench/memory.sh). 100 ms left 77 MB, 100 ms with DuckDB's allocator_background_threads 39 MB. The price is
    /// page faults when a freed block is used again: ranking 670,000 leads took 15.4-15.9 instead of 14.0-14.1 s of
    /// CPU, and a 720,000-lead sync 94-99 instead of 88-90 us a lead in the process (two runs each, shared machine).
    /// </summary>
    public const long DirtyDecayMs = 0;

    /// <summary>0: no muzzy stage (with a dirty decay of 0 there is nothing to pass through it anyway).</summary>
    public const long MuzzyDecayMs = 0;

    /// <summary>
    /// Applies <see cref="DirtyDecayMs"/> and <see cref="MuzzyDecayMs"/> to every arena of DuckDB's allocator and to those
    /// it creates later. Process-wide, like the allocator; idempotent, so every open of a file may call it. A no-op
    /// where DuckDB has no jemalloc.
    /// </summary>
    public static void BoundRetention() => SetDecay(DirtyDecayMs, MuzzyDecayMs);

    /// <summary>Sets the decay times (ms; -1 keeps freed pages until a purge). Tests use it to observe dirty pages.</summary>
    internal static void SetDecay(long dirtyMs, long muzzyMs)
    {
        if (Volatile.Read(ref _unavailable) != 0) return;
        try
        {
            // Defaults for arenas created from now on, then each existing arena ("arena.4096" cannot set decay).
            Write("arenas.dirty_decay_ms", dirtyMs);
            Write("arenas.muzzy_decay_ms", muzzyMs);
            for (var i = 0u; i < ArenaCount(); i++)
            {
                // An arena index not yet initialised refuses; it will take the defaults above when it is.
                Write($"arena.{i}.dirty_decay_ms", dirtyMs);
                Write($"arena.{i}.muzzy_decay_ms", muzzyMs);
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
        }
    }

    /// <summary>The dirty decay of arena 0 (ms), or null without jemalloc. For tests.</summary>
    internal static long? ArenaDirtyDecayMs()
    {
        if (Volatile.Read(ref _unavailable) != 0) return null;
        try
        {
            unsafe
            {
                nint value = 0;
                var length = (nuint)sizeof(nint);
                return Mallctl("arena.0.dirty_decay_ms", (IntPtr)(&value), (IntPtr)(&length), IntPtr.Zero, 0) == 0 ? value : null;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1);
            return null;
        }
    }

    private static unsafe void Write(string name, long ms)
    {
        var value = (nint)ms;
        Mallctl(name, IntPtr.Zero, IntPtr.Zero, (IntPtr)(&value), (nuint)sizeof(nint));
    }

    private static unsafe uint ArenaCount()
    {
        uint n = 0;
        var length = (nuint)sizeof(uint);
        return Mallctl("arenas.narenas", (IntPtr)(&n), (IntPtr)(&length), IntPtr.Zero, 0) == 0 ? n : 0;
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
