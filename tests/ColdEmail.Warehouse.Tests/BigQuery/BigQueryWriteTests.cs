using System.Text.Json.Nodes;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using static ColdEmail.Warehouse.Tests.BigQuery.BigQueryReadTests;

namespace ColdEmail.Warehouse.Tests.BigQuery;

public sealed class BigQueryWriteTests
{
    private static readonly DateTimeOffset Now = BigQueryTestContext.Now;

    [Fact]
    public async Task Lead_states_merge_from_an_unnested_struct_array_in_batches()
    {
        await using var ctx = await BigQueryTestContext.StartAsync(dmlBatchSize: 2);
        await ctx.Warehouse.UpsertLeadStatesAsync(
        [
            new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, Now, ApiResponseTimeMs: 85),
            new LeadStateRow("b@x.com", "c1", null, LeadState.Quarantine, null, 422, "it's invalid'; DROP TABLE x; --", Now, RetryCount: 2),
            new LeadStateRow("c@x.com", "c2", "Midsize", LeadState.Skipped, null, null, null, Now),
        ]);

        var requests = ctx.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        var first = requests[0];
        Assert.Contains("MERGE `acme-prod.email_analytics.ops_inst_state` T", first.Sql, StringComparison.Ordinal);
        Assert.Contains("UNNEST(@rows)", first.Sql, StringComparison.Ordinal);
        Assert.Contains("ON T.email = S.email AND T.campaign_id = S.campaign_id", first.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP TABLE", first.Sql, StringComparison.Ordinal);

        var rows = first.Parameter("rows");
        var type = rows["parameterType"]!;
        Assert.Equal("ARRAY", type["type"]!.GetValue<string>());
        Assert.Equal("STRUCT", type["arrayType"]!["type"]!.GetValue<string>());
        var fields = ((JsonArray)type["arrayType"]!["structTypes"]!).Select(f => (f!["name"]!.GetValue<string>(), f["type"]!["type"]!.GetValue<string>())).ToList();
        Assert.Contains(("email", "STRING"), fields);
        Assert.Contains(("status_code", "INT64"), fields);
        Assert.Contains(("changed_at", "TIMESTAMP"), fields);

        var values = ((JsonArray)rows["parameterValue"]!["arrayValues"]!).Select(v => (JsonObject)v!["structValues"]!).ToList();
        Assert.Equal(2, values.Count);
        Assert.Equal("active", values[0]["status"]!["value"]!.GetValue<string>());
        Assert.Equal("1", values[0]["status_code"]!["value"]!.GetValue<string>());
        Assert.Equal("85", values[0]["api_response_time_ms"]!["value"]!.GetValue<string>());
        Assert.Equal("2026-11-25 15:00:00.000000+00:00", values[0]["changed_at"]!["value"]!.GetValue<string>());
        Assert.Equal("quarantine", values[1]["status"]!["value"]!.GetValue<string>());
        Assert.Equal("it's invalid'; DROP TABLE x; --", values[1]["reason"]!["value"]!.GetValue<string>());
        Assert.Null(values[1]["campaign_name"]!["value"]); // NULL is an empty parameter value
        Assert.Equal("2", values[1]["retry_count"]!["value"]!.GetValue<string>());

        var second = ((JsonArray)requests[1].Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal("c@x.com", second["email"]!["value"]!.GetValue<string>());
        Assert.Equal("2", second["seq"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Drains_are_one_transaction_of_history_state_and_suppression_merges()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        await ctx.Warehouse.RecordDrainsAsync(
        [
            new DrainRecord("a@x.com", "c1", "L1", "replied", "success", Now, 12, 3, 2, 1, 1, "replied", """{"reply":"yes"}"""),
        ]);

        var request = Assert.Single(ctx.Server.Requests);
        var sql = request.Sql;
        Assert.StartsWith("BEGIN TRANSACTION;", sql, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT TRANSACTION;", sql.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("MERGE `acme-prod.email_analytics.ops_lead_history` T", sql, StringComparison.Ordinal);
        Assert.Contains("MERGE `acme-prod.email_analytics.ops_inst_state` T", sql, StringComparison.Ordinal);
        Assert.Contains("MERGE `acme-prod.email_analytics.suppression` T", sql, StringComparison.Ordinal);
        Assert.Contains("SAFE.PARSE_JSON(S.details)", sql, StringComparison.Ordinal);
        var row = ((JsonArray)request.Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal("replied", row["suppression_reason"]!["value"]!.GetValue<string>());
        Assert.Equal("12", row["days_in_campaign"]!["value"]!.GetValue<string>());
        Assert.Equal("""{"reply":"yes"}""", row["details"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Small_writes_use_parameters_for_every_value()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        await ctx.Warehouse.WriteConfigAsync("feature_flags", """{"email_verification_enabled":true}""", Now);
        await ctx.Warehouse.ResolveDeadLettersAsync(["d1", "d2"], "fixed", Now);
        await ctx.Warehouse.MarkDrainCheckedAsync([new LeadKey("a@x.com", "c1")], Now);
        await ctx.Warehouse.RecordRunAsync(new RunRecord("run-1", "sync", Now, Now.AddMinutes(1), true, "{}"));
        await ctx.Warehouse.SaveVerificationsAsync([new StoredVerification("a@x.com", VerificationStatus.Invalid, CatchAllState.Pending, 1m, Now)]);
        await ctx.Warehouse.UpsertDeadLettersAsync([new DeadLetter("d3", "create", "a@x.com", null, "Other", null, "boom", null, 0, null, Now, Now, true)]);
        await ctx.Warehouse.AddSuppressionsAsync([new Suppression("a@x.com", "unsubscribed", Now)]);
        // Nothing to write: no request at all.
        await ctx.Warehouse.UpsertLeadStatesAsync([]);
        await ctx.Warehouse.ResolveDeadLettersAsync([], "none", Now);

        var r = ctx.Server.Requests.ToArray();
        Assert.Equal(7, r.Length);
        AssertParameter(r[0].Parameter("value"), "STRING", """{"email_verification_enabled":true}""");
        Assert.Contains("MERGE `acme-prod.email_analytics.config` T", r[0].Sql, StringComparison.Ordinal);
        var ids = r[1].Parameter("ids");
        Assert.Equal("ARRAY", ids["parameterType"]!["type"]!.GetValue<string>());
        Assert.Equal(["d1", "d2"], ((JsonArray)ids["parameterValue"]!["arrayValues"]!).Select(v => v!["value"]!.GetValue<string>()));
        Assert.Contains("id IN UNNEST(@ids)", r[1].Sql, StringComparison.Ordinal);
        AssertParameter(r[2].Parameter("at"), "TIMESTAMP", "2026-11-25 15:00:00.000000+00:00");
        AssertParameter(r[3].Parameter("succeeded"), "BOOL", "true");
        var verification = ((JsonArray)r[4].Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal(("invalid", "pending"), (verification["verification_status"]!["value"]!.GetValue<string>(), verification["catch_all"]!["value"]!.GetValue<string>()));
        var dead = ((JsonArray)r[5].Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal("true", dead["permanent"]!["value"]!.GetValue<string>());
        Assert.Null(dead["http_status"]!["value"]);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT (email, reason, since)", r[6].Sql, StringComparison.Ordinal);
        Assert.All(r, q => Assert.Equal("Bearer " + BigQueryTestContext.Token, q.Authorization));
    }

    [Fact]
    public async Task Schema_creation_runs_every_bigquery_file_in_order_in_the_configured_dataset()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        await ctx.Warehouse.EnsureSchemaAsync();

        var sqls = ctx.Server.Requests.Select(r => r.Sql).ToList();
        Assert.Equal(ColdEmail.Warehouse.Schema.SqlScripts.For(ColdEmail.Warehouse.Schema.SqlScripts.BigQuery).Count, sqls.Count);
        Assert.All(sqls, s => Assert.DoesNotContain("${dataset}", s, StringComparison.Ordinal));
        Assert.Contains("CREATE TABLE IF NOT EXISTS `acme-prod.email_analytics.config`", sqls[0], StringComparison.Ordinal);
        Assert.Contains(sqls, s => s.Contains("PARTITION BY DATE(event_timestamp)", StringComparison.Ordinal));
        Assert.Contains(sqls, s => s.Contains("CLUSTER BY campaign_id, status", StringComparison.Ordinal));
        Assert.Contains("v_ready_for_instantly", sqls.Last(s => s.Contains("CREATE OR REPLACE VIEW", StringComparison.Ordinal) && s.Contains("ready", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme-prod", "analytics; DROP TABLE x")]
    [InlineData("acme-prod", "analytics`.x")]
    [InlineData("Acme Prod", "analytics")]
    public void Project_and_dataset_names_that_are_not_identifiers_are_rejected(string project, string dataset)
    {
        using var http = new HttpClient();
        var ex = Assert.Throws<ArgumentException>(() =>
            new ColdEmail.Warehouse.BigQuery.BigQueryLeadWarehouse(http, new(project, dataset), new StaticTokenSource("t")));
        Assert.Contains("not a valid BigQuery", ex.Message, StringComparison.Ordinal);
    }
}
