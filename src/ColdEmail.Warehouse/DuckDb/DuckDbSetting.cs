using System.Globalization;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>DuckDB's database-wide settings the adapter changes (memory_limit, threads), each through sql/duckdb/queries/file_hold/set.sql, and its checkpoint.</summary>
internal static class DuckDbSetting
{
    /// <summary>SET memory_limit to a size such as "128MB" (quotes in it are dropped: it is spliced into the statement).</summary>
    public static void MemoryLimit(DuckDBConnection conn, string limit) =>
        Set(conn, "memory_limit", $"'{limit.Replace("'", "", StringComparison.Ordinal)}'");

    /// <summary>SET threads.</summary>
    public static void Threads(DuckDBConnection conn, int threads) =>
        Set(conn, "threads", threads.ToString(CultureInfo.InvariantCulture));

    /// <summary>CHECKPOINT: writes the changes since the last one into the file (what closing the file would otherwise do).</summary>
    public static void Checkpoint(DuckDBConnection conn)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = SqlQueries.Render(SqlScripts.DuckDb, "file_hold/checkpoint");
        cmd.ExecuteNonQuery();
    }

    private static void Set(DuckDBConnection conn, string name, string value)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = SqlQueries.Render(SqlScripts.DuckDb, "file_hold/set", ("name", name), ("value", value));
        cmd.ExecuteNonQuery();
    }
}
