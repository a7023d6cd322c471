using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// A memory size as DuckDB's memory_limit takes it ("128MB", "1.5GiB"): KB, MB… are powers of 1000, KiB, MiB… of 1024.
/// Settings validate with it and the adapter compares limits with it, so both read a size the same way.
/// </summary>
public static partial class DuckDbSize
{
    /// <summary>Bytes and the spelling DuckDB is given (unit upper-cased, "iB" kept), or false when it is not a size.</summary>
    public static bool TryParse(string? text, out long bytes, out string normalized)
    {
        bytes = 0;
        normalized = "";
        var m = SizePattern().Match(text?.Trim() ?? "");
        if (!m.Success) return false;
        var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups["unit"].Value.ToUpperInvariant();
        var power = "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
        bytes = (long)Math.Min(long.MaxValue, n * Math.Pow(unit.Contains('I', StringComparison.Ordinal) ? 1024 : 1000, power));
        normalized = m.Groups["n"].Value + unit.Replace("IB", "iB", StringComparison.Ordinal);
        return true;
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<unit>B|[KMGT]i?B)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();
}
