using System.Text.RegularExpressions;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.Tests.Schema;

public sealed class SqlScriptsTests
{
    [Fact]
    public void Every_dialect_defines_the_same_objects_in_the_same_files()
    {
        var duck = SqlScripts.For(SqlScripts.DuckDb).Select(s => s.FileName).ToList();
        Assert.Equal(duck, SqlScripts.For(SqlScripts.BigQuery).Select(s => s.FileName));
        Assert.Equal(duck, SqlScripts.For(SqlScripts.Postgres).Select(s => s.FileName));
        Assert.Equal(SqlScripts.For(SqlScripts.DuckDb).Select(s => s.ObjectName), SqlScripts.For(SqlScripts.Postgres).Select(s => s.ObjectName));
        duck = SqlScripts.For(SqlScripts.DuckDb).Select(s => s.ObjectName).ToList();
        // The port's objects, in dependency order (other features may add theirs in between).
        string[] core =
        [
            "config", "eligible_leads", "ops_inst_state", "ops_lead_history", "ops_dead_letters", "ops_runs", "suppression",
            "ops_email_verification", "v_lead_eligibility", "v_ready_for_instantly", "report_daily_performance", "report_campaign_roi",
        ];
        Assert.Equal(core, duck.Where(core.Contains));
    }

    [Theory]
    [InlineData(SqlScripts.DuckDb)]
    [InlineData(SqlScripts.BigQuery)]
    [InlineData(SqlScripts.Postgres)]
    public void Each_file_is_numbered_and_creates_exactly_one_object(string dialect)
    {
        foreach (var script in SqlScripts.For(dialect))
        {
            Assert.Matches(@"^\d{3}_[a-z_]+\.sql$", script.FileName);
            Assert.Equal(script.FileName[4..^4], script.ObjectName);
            var creates = System.Text.RegularExpressions.Regex.Matches(script.Text, @"\bCREATE\s+(OR\s+REPLACE\s+)?(TABLE|VIEW)\b").Count;
            Assert.True(creates == 1, $"sql/{dialect}/{script.FileName} creates {creates} objects");
        }
    }

    [Theory]
    [InlineData(SqlScripts.DuckDb)]
    [InlineData(SqlScripts.BigQuery)]
    [InlineData(SqlScripts.Postgres)]
    public void Every_table_read_is_a_schema_object_or_a_local_cte(string dialect)
    {
        var objects = SqlScripts.For(dialect).Select(s => s.ObjectName).ToHashSet();
        foreach (var script in SqlScripts.For(dialect))
        {
            var ctes = Regex.Matches(script.Text, @"\b(\w+)\s+AS\s*(?:NOT\s+MATERIALIZED\s*|MATERIALIZED\s*)?\(", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value).ToHashSet();
            foreach (Match m in Regex.Matches(script.Text, @"\b(?:FROM|JOIN)\s+(`\$\{dataset\}\.(\w+)`|(\w+)\b(?!\s*[.(]))"))
            {
                if (m.Groups[2].Success)
                {
                    Assert.Contains(m.Groups[2].Value, objects);
                    continue;
                }
                var name = m.Groups[3].Value;
                var known = ctes.Contains(name) || name is "UNNEST" or "pg_timezone_names" || (dialect != SqlScripts.BigQuery && objects.Contains(name));
                Assert.True(known, $"sql/{dialect}/{script.FileName} reads '{name}', which is neither a CTE nor{(dialect == SqlScripts.BigQuery ? " qualified with ${dataset}" : " a schema object")}");
            }
        }
    }
}
