using ColdEmail.Warehouse.DuckDb;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.warehouse.duckdb { memory-limit, reading-memory-limit, threads, lock-wait, release-after } (all [restart]): how
/// much memory and how many threads the embedded warehouse may take (DuckDB's memory_limit and threads, set on every open of
/// the file; the lower reading limit while campaigns read their ranked ready sets), how long a process waits for the file
/// while another holds it, and how soon after its last use the process lets the file go.
/// </summary>
public sealed record DuckDbResourceSettings(string MemoryLimit, int Threads, TimeSpan LockWait, TimeSpan ReleaseAfter)
{
    private const string Prefix = "coldemail.warehouse.duckdb.";

    /// <summary>Below this DuckDB cannot run the eligibility view's joins even for a small warehouse.</summary>
    private const long MinMemoryBytes = 32L * 1024 * 1024;

    /// <summary>Below this a page of the ranked ready set and a lead-state write no longer fit beside each other.</summary>
    private const long MinReadingMemoryBytes = 16L * 1024 * 1024;

    public static readonly DuckDbResourceSettings Default = new("128MB", 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));

    /// <summary>DuckDB's memory_limit while campaigns only read their ranked ready sets and write lead states (see <see cref="DuckDbResourceOptions.ReadingMemoryLimit"/>).</summary>
    public string ReadingMemoryLimit { get; init; } = DuckDbResourceOptions.DefaultReadingMemoryLimit;

    internal static DuckDbResourceSettings Bind(HoconReader r)
    {
        var memory = Size(r, "memory-limit", MinMemoryBytes, "32MB", Default.MemoryLimit, out var memoryBytes);
        var reading = Size(r, "reading-memory-limit", MinReadingMemoryBytes, "16MB", DuckDbResourceOptions.DefaultReadingMemoryLimit, out var readingBytes);
        if (memoryBytes > 0 && readingBytes > memoryBytes)
            r.Fail(Prefix + "reading-memory-limit", $"must not exceed memory-limit ({memory}), got '{reading}'");
        return new DuckDbResourceSettings(
            memory,
            r.Int(Prefix + "threads", 1, 256),
            r.Duration(Prefix + "lock-wait", TimeSpan.Zero, TimeSpan.FromHours(1)),
            r.Duration(Prefix + "release-after", TimeSpan.Zero, TimeSpan.FromHours(1)))
        {
            ReadingMemoryLimit = reading,
        };
    }

    private static string Size(HoconReader r, string key, long minBytes, string minText, string fallback, out long bytes)
    {
        var text = r.String(Prefix + key).Trim();
        if (!DuckDbSize.TryParse(text, out bytes, out var normalized))
        {
            r.Fail(Prefix + key, $"expected a size such as 256MB or 1GB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got '{text}'");
            bytes = 0;
            return fallback;
        }
        if (bytes < minBytes) r.Fail(Prefix + key, $"must be at least {minText}, got '{text}'");
        return normalized;
    }
}
