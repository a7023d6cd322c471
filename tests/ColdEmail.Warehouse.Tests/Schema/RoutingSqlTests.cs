using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;
using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.Schema;

/// <summary>
/// BigQuery cannot run here, so its routing is held to the rendering textually: each dialect's view file carries exactly
/// the default configuration's rendering between the markers, and a configured routing replaces it whole.
/// </summary>
public sealed class RoutingSqlTests
{
    [Theory]
    [InlineData(SqlScripts.DuckDb)]
    [InlineData(SqlScripts.Postgres)]
    [InlineData(SqlScripts.BigQuery)]
    public void Every_view_file_routes_like_the_default_configuration_until_the_adapter_renders_the_configured_one(string dialect)
    {
        var view = SqlScripts.Get(dialect, "v_lead_eligibility").Text;
        var rendered = RoutingSql.Case(CampaignRouting.Default, dialect, RoutingSql.Columns.InView);

        Assert.Contains(RoutingSql.Begin + rendered + RoutingSql.End + " AS sequence_target", view, StringComparison.Ordinal);
        Assert.DoesNotContain("smb_threshold", view, StringComparison.Ordinal);

        var configured = RoutingSql.Apply(view, ReadyLeadsContract.FourCampaigns, dialect);
        Assert.Contains("THEN 'smb-uk'", configured, StringComparison.Ordinal);
        Assert.Contains("r.country IN ('GB', 'IE')", configured, StringComparison.Ordinal);
        Assert.DoesNotContain(rendered, configured, StringComparison.Ordinal);
        Assert.Equal(view.Length - rendered.Length, configured.Length - RoutingSql.Case(ReadyLeadsContract.FourCampaigns, dialect, RoutingSql.Columns.InView).Length);
    }

    [Theory]
    [InlineData(SqlScripts.BigQuery, "BIGNUMERIC '5000000.5'")]
    [InlineData(SqlScripts.Postgres, "CAST('5000000.5' AS NUMERIC)")]
    [InlineData(SqlScripts.DuckDb, "CAST('5000000.5' AS DECIMAL(38,10))")]
    public void Fractional_bounds_are_exact_decimals_in_every_dialect(string dialect, string literal) =>
        Assert.Contains($"estimated_sales_yearly >= {literal}",
            RoutingSql.Case(ReadyLeadsContract.FourCampaigns, dialect, RoutingSql.Columns.OnView), StringComparison.Ordinal);

    [Fact]
    public void Names_and_codes_that_could_break_the_sql_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RoutingSql.Case(new CampaignRouting([new CampaignRoute("o'brien", null, null)]), SqlScripts.DuckDb, RoutingSql.Columns.OnView));
        Assert.Throws<ArgumentException>(() => RoutingSql.Case(new CampaignRouting([new CampaignRoute("x", null, null, countries: ["G'B"])]), SqlScripts.DuckDb, RoutingSql.Columns.OnView));
        Assert.Equal("CASE WHEN 1 = 0 THEN '' END", RoutingSql.Case(new CampaignRouting([]), SqlScripts.BigQuery, RoutingSql.Columns.OnView));
    }
}
