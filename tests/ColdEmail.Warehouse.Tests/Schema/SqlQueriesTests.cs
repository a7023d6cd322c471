using System.Text.RegularExpressions;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.Tests.Schema;

/// <summary>Issue 14 item 6: the adapters' dialect SQL lives in sql/&lt;dialect&gt;/queries/, not in C# strings.</summary>
public sealed partial class SqlQueriesTests
{
    private static readonly string[] Dialects = [SqlScripts.DuckDb, SqlScripts.Postgres, SqlScripts.BigQuery];

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ColdEmail.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ColdEmail.sln not found above the test's folder");
    }

    [Fact]
    public void A_statement_is_loaded_from_its_file_with_its_placeholders_filled()
    {
        var sql = SqlQueries.Render(SqlScripts.Postgres, "lease/read_lease_2", ("locking", "FOR SHARE"));
        Assert.StartsWith("SELECT name, epoch", sql);
        Assert.EndsWith("WHERE name = @name FOR SHARE", sql);
    }

    [Fact]
    public void An_unfilled_placeholder_or_an_unknown_statement_is_an_error_naming_the_file()
    {
        var unfilled = Assert.Throws<InvalidOperationException>(() => SqlQueries.Render(SqlScripts.Postgres, "lease/read_lease_2"));
        Assert.Contains("sql/postgres/queries/lease/read_lease_2.sql: placeholder ${locking} was not filled", unfilled.Message);
        var unknown = Assert.Throws<InvalidOperationException>(() => SqlQueries.Render(SqlScripts.DuckDb, "nowhere/nothing"));
        Assert.Contains("sql/duckdb/queries/nowhere/nothing.sql", unknown.Message);
    }

    [Fact]
    public void The_queries_are_not_run_as_DDL()
    {
        foreach (var dialect in Dialects)
        {
            Assert.NotEmpty(SqlQueries.Names(dialect));
            Assert.All(SqlScripts.For(dialect), s => Assert.DoesNotContain('/', s.FileName));
        }
    }

    [Theory]
    [InlineData("DuckDb", SqlScripts.DuckDb)]
    [InlineData("Postgres", SqlScripts.Postgres)]
    [InlineData("BigQuery", SqlScripts.BigQuery)]
    public void Every_statement_an_adapter_names_exists_and_every_file_is_used(string folder, string dialect)
    {
        var source = string.Concat(Directory.GetFiles(Path.Combine(RepoRoot(), "src", "ColdEmail.Warehouse", folder), "*.cs").Select(File.ReadAllText));
        var named = StatementName().Matches(source).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var files = SqlQueries.Names(dialect).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(named.Except(files));
        Assert.Empty(files.Except(named));
    }

    [Theory]
    [InlineData("DuckDb")]
    [InlineData("Postgres")]
    [InlineData("BigQuery")]
    public void No_adapter_file_holds_a_statement_in_a_string(string folder)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(RepoRoot(), "src", "ColdEmail.Warehouse", folder), "*.cs"))
        {
            // Comments may quote SQL; only code counts.
            var text = string.Join('\n', File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            var statement = InlineStatement().Match(text);
            Assert.False(statement.Success, $"{Path.GetFileName(file)} holds SQL in a string ({statement.Value.Trim()}); move it to sql/<dialect>/queries/");
        }
    }

    [GeneratedRegex(@"(?:SqlText|SqlQueries\.Render)\((?:SqlScripts\.\w+,\s*)?""(?<name>[\w/]+)""")]
    private static partial Regex StatementName();

    /// <summary>A C# string (plain, interpolated or raw) that begins with a SQL statement keyword.</summary>
    [GeneratedRegex(@"\$*(?:""""""\s*|"")\(?\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|WITH|MERGE|ALTER|BEGIN|COMMIT|TRUNCATE|COPY|PRAGMA|INSTALL|ATTACH|DETACH|CHECKPOINT|COALESCE|CASE WHEN)\b")]
    private static partial Regex InlineStatement();
}
