using ColdEmail.Domain.Routing;
using System.Text.Json.Nodes;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Warehouse.Tests.BigQuery;

public sealed class BigQueryReadTests
{
    private static readonly (string, string)[] ProspectSchema =
    [
        ("email", "STRING"), ("merchant_name", "STRING"), ("platform_domain", "STRING"), ("state", "STRING"),
        ("country_code", "STRING"), ("estimated_sales_yearly", "NUMERIC"), ("employee_count", "INTEGER"),
        ("product_count", "INTEGER"), ("avg_price", "NUMERIC"), ("klaviyo_installed_at", "TIMESTAMP"),
        ("timezone", "STRING"), ("sequence_target", "STRING"), ("score", "INTEGER"),
    ];

    private static string?[] ProspectRow(string email, string score, string? revenue = "2500000.5", string? klaviyo = "1.7040672E9") =>
        [email, "O'Brien \"Shop\"", "obrien.myshopify.com", "CA", "US", revenue, "12", "1500", "120.5", klaviyo, "America/Los_Angeles", "Midsize", score];

    [Fact]
    public async Task Ready_leads_use_named_parameters_wait_for_the_job_and_follow_page_tokens()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(
            Bq.Pending("job_ready"),
            Bq.Rows("job_ready", ProspectSchema, [ProspectRow("a@x.com", "95"), ProspectRow("b@x.com", "90", revenue: null, klaviyo: null)], pageToken: "page-2", totalRows: 3),
            Bq.Rows("job_ready", ProspectSchema, [ProspectRow("c@x.com", "80")], totalRows: 3, kind: "bigquery#getQueryResultsResponse"));

        var query = new ReadyLeadQuery(Contract.ReadyLeadsContract.FourCampaigns, "midsize", PageSize: 2, Limit: 2_500);
        var leads = new List<Prospect>();
        await foreach (var p in ctx.Warehouse.StreamReadyLeadsAsync(query)) leads.Add(p);

        Assert.Equal(["a@x.com", "b@x.com", "c@x.com"], leads.Select(l => l.Email));
        var a = leads[0];
        Assert.Equal((2_500_000.5m, 12, 1500, 120.5m, 95), (a.EstimatedSalesYearly!.Value, a.EmployeeCount!.Value, a.ProductCount!.Value, a.AvgPrice!.Value, a.Score));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), a.KlaviyoInstalledAt);
        Assert.Equal("O'Brien \"Shop\"", a.MerchantName);
        Assert.Null(leads[1].EstimatedSalesYearly);
        Assert.Null(leads[1].KlaviyoInstalledAt);

        var requests = ctx.Server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        var post = requests[0];
        Assert.Equal(("POST", "/bigquery/v2/projects/acme-prod/queries"), (post.Method, post.Path));
        Assert.Equal("Bearer " + BigQueryTestContext.Token, post.Authorization);
        Assert.False(post.Body!["useLegacySql"]!.GetValue<bool>());
        Assert.Equal("NAMED", post.Body["parameterMode"]!.GetValue<string>());
        Assert.Equal("EU", post.Body["location"]!.GetValue<string>());
        Assert.Equal(2, post.Body["maxResults"]!.GetValue<int>());
        Assert.Contains("`acme-prod.email_analytics.v_lead_eligibility`", post.Sql, StringComparison.Ordinal);
        // The campaign's own predicate filters (fractional bounds as exact BIGNUMERIC, never FLOAT64), and every lead's
        // sequence_target is the whole routing rendered as one CASE.
        Assert.Contains("AND ((estimated_sales_yearly >= 1000000 AND estimated_sales_yearly < BIGNUMERIC '5000000.5'))", post.Sql, StringComparison.Ordinal);
        Assert.Contains("CASE WHEN (estimated_sales_yearly >= BIGNUMERIC '5000000.5') THEN 'enterprise' " +
            "WHEN (estimated_sales_yearly >= 1000000 AND estimated_sales_yearly < BIGNUMERIC '5000000.5') THEN 'midsize' " +
            "WHEN (estimated_sales_yearly < 1000000 OR estimated_sales_yearly IS NULL) AND region_country IN ('AU', 'CA', 'US') THEN 'smb' " +
            "WHEN (estimated_sales_yearly < 1000000) AND region_country IN ('GB', 'IE') THEN 'smb-uk' END AS sequence_target", post.Sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY score DESC, email", post.Sql, StringComparison.Ordinal);
        AssertParameter(post.Parameter("now"), "TIMESTAMP", "2026-11-25 15:00:00.000000+00:00");
        AssertParameter(post.Parameter("limit"), "INT64", "2500");

        Assert.Equal(("GET", "/bigquery/v2/projects/acme-prod/queries/job_ready"), (requests[1].Method, requests[1].Path));
        Assert.Equal("EU", requests[1].Query["location"]);
        Assert.False(requests[1].Query.ContainsKey("pageToken"));
        Assert.Equal("page-2", requests[2].Query["pageToken"]);
        Assert.Equal("2", requests[2].Query["maxResults"]);
    }

    [Fact]
    public async Task Eligibility_rows_carry_reasons_and_cooldown_timestamps()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        (string, string)[] schema = [.. ProspectSchema.Select(f => f.Item1 == "email" ? ("raw_email", "STRING") : f), ("reason", "STRING"), ("cooldown", "TIMESTAMP")];
        ctx.Server.Enqueue(Bq.Rows("job_plan", schema,
        [
            [.. ProspectRow("  Recent@X.com", "50"), "cooldown until 2027-02-13", "1.8024768E9"],
            [.. ProspectRow("", "10"), "email is missing", null],
            [.. ProspectRow("ok@x.com", "70"), null, null],
        ]));

        var rows = new List<EligibilityRow>();
        await foreach (var r in ctx.Warehouse.StreamEligibilityAsync(CampaignRouting.Default, 10, verificationEnabled: true)) rows.Add(r);

        Assert.Equal(("  Recent@X.com", "cooldown until 2027-02-13"), (rows[0].Prospect.Email, rows[0].ExclusionReason));
        Assert.Equal(new DateTimeOffset(2027, 2, 13, 0, 0, 0, TimeSpan.Zero), rows[0].CooldownUntil);
        Assert.Equal("email is missing", rows[1].ExclusionReason);
        Assert.Null(rows[2].ExclusionReason);
        AssertParameter(Assert.Single(ctx.Server.Requests).Parameter("limit"), "INT64", "10");
    }

    [Fact]
    public async Task Dead_letters_config_runs_and_missing_rows_parse_from_real_shapes()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(
            Bq.Rows("job_dl", [("id", "STRING"), ("operation", "STRING"), ("email", "STRING"), ("campaign_id", "STRING"), ("error_kind", "STRING"),
                ("http_status", "INTEGER"), ("message", "STRING"), ("payload", "STRING"), ("retry_count", "INTEGER"), ("next_retry_at", "TIMESTAMP"),
                ("first_failure_at", "TIMESTAMP"), ("last_failure_at", "TIMESTAMP"), ("permanent", "BOOLEAN"), ("resolved_at", "TIMESTAMP"), ("resolution", "STRING")],
                [["d1", "create", "a@x.com", null, "RateLimited", "429", "slow down", "{\"email\":\"a@x.com\"}", "2", "1.764082860E9", "1764082800", "1.7640828E9", "false", null, null]]),
            Bq.Rows("job_cfg", [("key", "STRING"), ("value_json", "STRING"), ("updated_at", "TIMESTAMP")],
                [["feature_flags", "{\"email_verification_enabled\":true}", "1.764082800123456E9"]]),
            Bq.Rows("job_sup", [("email", "STRING"), ("reason", "STRING"), ("since", "TIMESTAMP")], []));

        var due = await ctx.Warehouse.DeadLettersDueAsync(BigQueryTestContext.Now, 50);
        var config = await ctx.Warehouse.ReadConfigAsync();
        var suppression = await ctx.Warehouse.FindSuppressionAsync(" Nobody@X.com ");

        var d = Assert.Single(due);
        Assert.Equal(("d1", 429, 2, false), (d.Id, d.HttpStatus!.Value, d.RetryCount, d.Permanent));
        Assert.Null(d.CampaignId);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 15, 1, 0, TimeSpan.Zero), d.NextRetryAt);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 15, 0, 0, TimeSpan.Zero), d.FirstFailureAt);
        Assert.Equal(new DateTimeOffset(2025, 11, 25, 15, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), Assert.Single(config).UpdatedAt);
        Assert.Null(suppression);
        var requests = ctx.Server.Requests.ToArray();
        AssertParameter(requests[0].Parameter("now"), "TIMESTAMP", "2026-11-25 15:00:00.000000+00:00");
        AssertParameter(requests[2].Parameter("email"), "STRING", "nobody@x.com");
    }

    [Fact]
    public async Task A_failed_query_names_bigquerys_reason_and_message_and_never_the_token()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(_ => Bq.Error(400, "invalidQuery", "Unrecognized name: emial at [1:8]"));

        var ex = await Assert.ThrowsAsync<WarehouseException>(() => ctx.Warehouse.CountActiveByCampaignAsync());

        Assert.Contains("invalidQuery", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Unrecognized name: emial at [1:8]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BigQueryTestContext.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_that_fails_while_running_reports_its_job_id()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(_ => new FakeResponse(200, Bq.Pending("job_9f2")), _ => Bq.Error(400, "resourcesExceeded", "Resources exceeded during query execution"));

        var ex = await Assert.ThrowsAsync<WarehouseException>(() => ctx.Warehouse.ListRunsAsync(10));

        Assert.Equal("job_9f2", ex.JobId);
        Assert.Contains("job_9f2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Resources exceeded during query execution", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finished_job_with_an_error_result_is_a_failure()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        var failed = Bq.Done("job_dml");
        failed["errors"] = new JsonArray(new JsonObject { ["reason"] = "invalid", ["message"] = "UPDATE/MERGE must match at most one source row" });
        ctx.Server.Enqueue(failed);

        var ex = await Assert.ThrowsAsync<WarehouseException>(() =>
            ctx.Warehouse.UpsertLeadStatesAsync([new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, BigQueryTestContext.Now)]));

        Assert.Equal("job_dml", ex.JobId);
        Assert.Contains("must match at most one source row", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_the_same_request_id()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(
            _ => Bq.Error(503, "backendError", "Backend error. Job aborted."),
            _ => Bq.Error(429, "rateLimitExceeded", "Exceeded rate limits"),
            _ => new FakeResponse(200, Bq.Rows("job_cnt", [("campaign_id", "STRING"), ("n", "INTEGER")], [["c1", "42"]])));

        var counts = await ctx.Warehouse.CountActiveByCampaignAsync();

        Assert.Equal(42, counts["c1"]);
        var posts = ctx.Server.Requests.ToArray();
        Assert.Equal(3, posts.Length);
        Assert.Single(posts.Select(p => p.Body!["requestId"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task Transient_failures_give_up_after_the_configured_retries()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Fallback = _ => Bq.Error(500, "internalError", "An internal error occurred");

        var ex = await Assert.ThrowsAsync<WarehouseException>(() => ctx.Warehouse.ReadConfigAsync());

        Assert.Contains("HTTP 500 (internalError): An internal error occurred", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, ctx.Server.Requests.Count);
    }

    internal static void AssertParameter(JsonObject parameter, string type, string? value)
    {
        Assert.Equal(type, parameter["parameterType"]!["type"]!.GetValue<string>());
        if (value is null) Assert.Null(parameter["parameterValue"]!["value"]);
        else Assert.Equal(value, parameter["parameterValue"]!["value"]!.GetValue<string>());
    }
}
