using DuckDB.NET.Data;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// Samples DuckDB's own accounting (duckdb_memory(): bytes per tag, e.g. ART_INDEX, HASH_TABLE, ORDER_BY) every second
/// and keeps the sample with the largest total, so a run that nears the memory limit says what filled it. It opens a
/// connection to the same file, which in this process shares the warehouse's database instance.
/// </summary>
internal sealed class DuckDbMemorySampler : IDisposable
{
    private readonly string _path;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private IReadOnlyList<(string Tag, long Memory, long Temporary)> _peak = [];
    private long _peakTotal;
    private int _applied;

    public DuckDbMemorySampler(string path)
    {
        _path = path;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    /// <summary>The tags of the largest sample, largest first, in MB; temporary = spilled to disk.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return _peak.Count == 0
                ? "no sample"
                : string.Join(", ", _peak.Where(t => t.Memory + t.Temporary >= 1_048_576)
                    .OrderByDescending(t => t.Memory)
                    .Select(t => $"{t.Tag} {t.Memory / 1_048_576.0:F0} MB" + (t.Temporary > 0 ? $" (+{t.Temporary / 1_048_576.0:F0} MB on disk)" : "")));
        }
    }

    private void Sample()
    {
        try
        {
            using var conn = new DuckDBConnection($"Data Source={_path}");
            conn.Open();
            // --duckdb-set name=value (bench experiments): applied to the shared instance before the first sample.
            if (Environment.GetEnvironmentVariable("BENCH_DUCKDB_SET") is { Length: > 0 } set && Interlocked.Exchange(ref _applied, 1) == 0)
            {
                using var s = conn.CreateCommand();
                s.CommandText = "SET " + set;
                s.ExecuteNonQuery();
                Console.WriteLine($"DuckDB: SET {set}");
            }
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT tag, memory_usage_bytes, temporary_storage_bytes FROM duckdb_memory()";
            using var r = cmd.ExecuteReader();
            var tags = new List<(string, long, long)>();
            while (r.Read()) tags.Add((r.GetString(0), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2))));
            var total = tags.Sum(t => t.Item2);
            lock (_gate)
            {
                if (total > _peakTotal) (_peakTotal, _peak) = (total, tags);
            }
        }
        catch (DuckDBException)
        {
            // The file is briefly held elsewhere or not open: the next sample tries again.
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
    }
}
