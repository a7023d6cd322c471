using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// Plain SQL on a warehouse file, past the adapter: how the migration tests shape a file as an older version left it
/// and read back what the adapter made of it.
/// </summary>
internal static class RawDuckDb
{
    /// <summary>The columns of ops_inst_state's primary key (none when it has no key).</summary>
    public static IReadOnlyList<string> PrimaryKey(string path) =>
        Query(path, """
            SELECT unnest(constraint_column_names) FROM duckdb_constraints()
            WHERE table_name = 'ops_inst_state' AND constraint_type = 'PRIMARY KEY'
            """);

    public static void Sql(string path, string sql)
    {
        using var conn = new DuckDBConnection($"Data Source={path}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The first column of every row, as invariant text.</summary>
    public static IReadOnlyList<string> Query(string path, string sql)
    {
        using var conn = new DuckDBConnection($"Data Source={path}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return list;
    }
}
