using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.warehouse.duckdb { memory-limit, threads, lock-wait, release-after } (all [restart]): how much memory and how many
/// threads the embedded warehouse may take (DuckDB's memory_limit and threads, set on every open of the file), how long
/// a process waits for the file while another holds it, and how soon after its last use the process lets the file go.
/// </summary>
public sealed partial record DuckDbResourceSettings(string MemoryLimit, int Threads, TimeSpan LockWait, TimeSpan ReleaseAfter)
{
    private const string Prefix = "coldemail.warehouse.duckdb.";

    /// <summary>Below this DuckDB cannot run the eligibility view's joins even for a small warehouse.</summary>
    private const long MinMemoryBytes = 32L * 1024 * 1024;

    public static readonly DuckDbResourceSettings Default = new("128MB", 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));

    internal static DuckDbResourceSettings Bind(HoconReader r)
    {
        var memory = r.String(Prefix + "memory-limit").Trim();
        var m = SizePattern().Match(memory);
        if (!m.Success)
        {
            r.Fail(Prefix + "memory-limit", $"expected a size such as 256MB or 1GB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), got '{memory}'");
        }
        else if (Bytes(m) < MinMemoryBytes)
        {
            r.Fail(Prefix + "memory-limit", $"must be at least 32MB, got '{memory}'");
        }
        return new DuckDbResourceSettings(
            m.Success ? $"{m.Groups["n"].Value}{m.Groups["unit"].Value.ToUpperInvariant().Replace("IB", "iB", StringComparison.Ordinal)}" : Default.MemoryLimit,
            r.Int(Prefix + "threads", 1, 256),
            r.Duration(Prefix + "lock-wait", TimeSpan.Zero, TimeSpan.FromHours(1)),
            r.Duration(Prefix + "release-after", TimeSpan.Zero, TimeSpan.FromHours(1)));
    }

    private static double Bytes(Match m)
    {
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToUpperInvariant();
        var power = "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
        return n * Math.Pow(unit.Contains('I', StringComparison.Ordinal) ? 1024 : 1000, power);
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>B|[KMGT]i?B)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
