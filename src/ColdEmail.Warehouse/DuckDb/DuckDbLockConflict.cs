using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>Recognises DuckDB's "the file is locked by another process" error and names the holder it reports.</summary>
internal static partial class DuckDbLockConflict
{
    // DuckDB: IO Error: Could not set lock on file "/x/warehouse.duckdb": Conflicting lock is held in /usr/bin/dotnet (PID 4242) by user u. …
    public static bool Is(Exception e) =>
        e is DuckDBException && e.Message.Contains("Could not set lock on file", StringComparison.OrdinalIgnoreCase);

    /// <summary>"pid 4242" when DuckDB named the holding process, otherwise "another process".</summary>
    public static string Holder(Exception e)
    {
        var m = PidPattern().Match(e.Message);
        return m.Success ? $"another process (pid {m.Groups["pid"].Value})" : "another process";
    }

    [GeneratedRegex(@"\(PID (?<pid>\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PidPattern();
}
