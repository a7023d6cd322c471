using System.Reflection;
using System.Text.RegularExpressions;

namespace ColdEmail.Warehouse.Schema;

/// <summary>One DDL file of <c>sql/&lt;dialect&gt;/</c>, embedded in this assembly.</summary>
public sealed record SqlScript(string Dialect, string FileName, string Text)
{
    /// <summary>The table or view the file creates (without any dataset prefix).</summary>
    public string ObjectName => SqlScripts.ObjectNameOf(Text)
        ?? throw new InvalidOperationException($"sql/{Dialect}/{FileName} creates no table or view");
}

/// <summary>The embedded SQL files of one dialect, in file-number order.</summary>
public static partial class SqlScripts
{
    public const string DuckDb = "duckdb";
    public const string BigQuery = "bigquery";
    public const string Postgres = "postgres";

    public static IReadOnlyList<SqlScript> For(string dialect)
    {
        var asm = typeof(SqlScripts).Assembly;
        var prefix = $"sql/{dialect}/";
        return asm.GetManifestResourceNames()
            // The DDL is the dialect's top folder; its queries/ (the adapters' statements, see SqlQueries) are not run as DDL.
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal) && !n[prefix.Length..].Contains('/'))
            .Order(StringComparer.Ordinal)
            .Select(n => new SqlScript(dialect, n[prefix.Length..], Read(asm, n)))
            .ToList();
    }

    public static SqlScript Get(string dialect, string objectName) =>
        For(dialect).FirstOrDefault(s => s.ObjectName == objectName)
        ?? throw new InvalidOperationException($"sql/{dialect} has no file creating {objectName}");

    internal static string? ObjectNameOf(string sql)
    {
        var m = CreatePattern().Match(sql);
        if (!m.Success) return null;
        var name = m.Groups["name"].Value.Trim('`');
        var dot = name.LastIndexOf('.');
        return dot >= 0 ? name[(dot + 1)..] : name;
    }

    private static string Read(Assembly asm, string name)
    {
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"CREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>[`\w.${}]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreatePattern();
}
