using System.Runtime.InteropServices;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// Where the process's native memory sits, for attributing the working set beyond the GC heap: DuckDB's own
/// allocator (the jemalloc linked into libduckdb, read through its exported <c>duckdb_je_mallctl</c>), glibc's
/// malloc (everything else native: the runtime, SQLite, DuckDB's plain C++ allocations) and the kernel's split of
/// the resident set into anonymous and file-backed pages (code, mapped assemblies).
/// </summary>
internal static partial class NativeHeaps
{
    public readonly record struct Snapshot(long JemallocResident, long JemallocAllocated, long MallocInUse, long MallocFree, long RssAnon, long RssFile, long RssShmem, long SqliteInUse)
    {
        public override string ToString() =>
            $"DuckDB jemalloc resident {Mb(JemallocResident)} MB (allocated {Mb(JemallocAllocated)} MB), glibc malloc in use {Mb(MallocInUse)} MB " +
            $"(of it SQLite {Mb(SqliteInUse)} MB) " +
            $"(+{Mb(MallocFree)} MB free in its arenas), RSS anonymous {Mb(RssAnon)} MB, file-backed {Mb(RssFile)} MB, shared {Mb(RssShmem)} MB (the JIT's double-mapped code)";

        private static string Mb(long bytes) => (bytes / 1_048_576.0).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [LibraryImport("duckdb", EntryPoint = "duckdb_je_mallctl", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int JeMallctl(string name, void* oldp, nuint* oldlenp, void* newp, nuint newlen);

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_memory_used")]
    private static partial long SqliteMemoryUsed();

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallInfo2 MallInfo();

    public static Snapshot Take()
    {
        long resident = -1, allocated = -1, inUse = -1, free = -1;
        try
        {
            unsafe
            {
                // jemalloc's statistics are refreshed by writing the epoch.
                ulong epoch = 1;
                JeMallctl("epoch", null, null, &epoch, (nuint)sizeof(ulong));
                resident = ReadSize("stats.resident");
                allocated = ReadSize("stats.allocated");
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        try
        {
            var info = MallInfo();
            inUse = (long)(info.Uordblks + info.Hblkhd);
            free = (long)info.Fordblks;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        long sqlite = -1;
        try
        {
            sqlite = SqliteMemoryUsed();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
        var (anon, file, shmem) = Rss();
        return new Snapshot(resident, allocated, inUse, free, anon, file, shmem, sqlite);
    }

    private static unsafe long ReadSize(string name)
    {
        nuint value = 0;
        var len = (nuint)sizeof(nuint);
        return JeMallctl(name, &value, &len, null, 0) == 0 ? (long)value : -1;
    }

    private static (long Anon, long File, long Shmem) Rss()
    {
        long anon = -1, file = -1, shmem = -1;
        if (!File.Exists("/proc/self/status")) return (anon, file, shmem);
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("RssAnon:", StringComparison.Ordinal)) anon = Kb(line);
            else if (line.StartsWith("RssFile:", StringComparison.Ordinal)) file = Kb(line);
            else if (line.StartsWith("RssShmem:", StringComparison.Ordinal)) shmem = Kb(line);
        }
        return (anon, file, shmem);
    }

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
