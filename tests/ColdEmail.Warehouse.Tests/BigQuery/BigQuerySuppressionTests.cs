using System.Text.Json.Nodes;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Warehouse.Tests.BigQuery;

/// <summary>Cooldown-until, domain suppression and erasure on BigQuery: request shapes against the fake REST server.</summary>
public sealed class BigQuerySuppressionTests
{
    private static readonly DateTimeOffset Now = BigQueryTestContext.Now;

    private static JsonNode Row(RecordedRequest request) =>
        ((JsonArray)request.Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;

    [Fact]
    public async Task A_drain_stores_its_cooldown_until_in_the_history_row()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        await ctx.Warehouse.RecordDrainsAsync(
            [new DrainRecord("a@x.com", "c1", "L1", "completed", "success", Now, 12, 3, 2, 1, 0, null, CooldownUntil: Now.AddDays(30))]);

        var request = Assert.Single(ctx.Server.Requests);
        Assert.Contains("days_in_campaign, cooldown_until)", request.Sql, StringComparison.Ordinal);
        Assert.Contains("S.cooldown_until);", request.Sql, StringComparison.Ordinal);
        Assert.Contains("2026-12-25", Row(request)["cooldown_until"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Domain_suppressions_merge_normalised_domains_first_one_wins()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        await ctx.Warehouse.AddDomainSuppressionsAsync([new DomainSuppression(" Acme.COM ", "replied: stop", Now)]);

        var request = Assert.Single(ctx.Server.Requests);
        Assert.Contains("MERGE `acme-prod.email_analytics.suppression_domain` T", request.Sql, StringComparison.Ordinal);
        Assert.Contains("WHEN NOT MATCHED THEN INSERT", request.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("WHEN MATCHED", request.Sql, StringComparison.Ordinal);
        Assert.Equal("acme.com", Row(request)["domain"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Forget_keeps_only_the_hash_and_deletes_from_every_table_with_an_email_column_in_one_transaction()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(Bq.Rows("job_cols", [("table_name", "STRING"), ("table_type", "STRING")],
        [
            ["eligible_leads", "BASE TABLE"], ["ops_inst_state", "BASE TABLE"], ["ops_lead_history", "BASE TABLE"],
            ["suppression", "BASE TABLE"], ["v_lead_eligibility", "VIEW"], ["bad-name; DROP", "BASE TABLE"],
        ]));

        var report = await ctx.Warehouse.ForgetAsync(" Jane@Acme.com", Now);

        var requests = ctx.Server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Contains("INFORMATION_SCHEMA.COLUMNS", requests[0].Sql, StringComparison.Ordinal);
        var sql = requests[1].Sql;
        Assert.StartsWith("BEGIN TRANSACTION;", sql, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT TRANSACTION;", sql.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("MERGE `acme-prod.email_analytics.suppression_hashed` T", sql, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM `acme-prod.email_analytics.ops_inst_state` WHERE email = @email;", sql, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM `acme-prod.email_analytics.suppression` WHERE email = @email;", sql, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM `acme-prod.email_analytics.eligible_leads` WHERE email IN (SELECT raw_email FROM `acme-prod.email_analytics.v_lead_eligibility` WHERE email = @email);", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DELETE FROM `acme-prod.email_analytics.v_lead_eligibility`", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.Equal("jane@acme.com", requests[1].Parameter("email")["parameterValue"]!["value"]!.GetValue<string>());
        Assert.Equal(EmailIdentity.Sha256Hex("jane@acme.com"), requests[1].Parameter("hash")["parameterValue"]!["value"]!.GetValue<string>());
        Assert.Equal(EmailIdentity.Sha256Hex("jane@acme.com"), report.EmailSha256);
        Assert.Equal(["eligible_leads", "ops_inst_state", "ops_lead_history", "suppression"], report.Tables.Select(t => t.Table));
    }

    [Fact]
    public async Task Explain_reads_the_erasure_by_hash_and_the_domain_suppression()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        // eligibility, states, history, dead letters, suppression: empty; then the erasure/domain row.
        ctx.Server.Enqueue(Bq.Done("e1"), Bq.Done("e2"), Bq.Done("e3"), Bq.Done("e4"), Bq.Done("e5"));
        ctx.Server.Enqueue(Bq.Rows("job_erased", [("erased", "BOOL"), ("domain", "STRING"), ("reason", "STRING"), ("since", "TIMESTAMP")],
            [["true", "acme.com", "replied: stop", "1.7640828E9"]]));

        var dossier = await ctx.Warehouse.ExplainAsync("Jane@Acme.com");

        var last = ctx.Server.Requests.Last();
        Assert.Contains("suppression_hashed", last.Sql, StringComparison.Ordinal);
        Assert.Equal(EmailIdentity.Sha256Hex("jane@acme.com"), last.Parameter("hash")["parameterValue"]!["value"]!.GetValue<string>());
        Assert.Equal("acme.com", last.Parameter("domain")["parameterValue"]!["value"]!.GetValue<string>());
        Assert.True(dossier.Erased);
        Assert.Equal(new DomainSuppression("acme.com", "replied: stop", DateTimeOffset.FromUnixTimeSeconds(1_764_082_800)), dossier.DomainSuppression);
    }
}
