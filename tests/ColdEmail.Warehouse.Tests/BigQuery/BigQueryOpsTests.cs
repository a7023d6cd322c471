using System.Text.Json.Nodes;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Warehouse.Tests.BigQuery;

/// <summary>The ops port on BigQuery: request shapes (MERGE from UNNEST, array parameters) and real response shapes read back.</summary>
public sealed class BigQueryOpsTests
{
    private static readonly DateTimeOffset Now = BigQueryTestContext.Now;

    [Fact]
    public async Task Verifications_merge_with_fractional_credits_and_read_back_by_array_parameter()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        IOpsWarehouse ops = ctx.Warehouse;
        await ops.SaveVerificationsAsync([new StoredVerification(" Jane@X.com ", VerificationStatus.Verified, CatchAllState.Yes, 0.25m, Now)]);

        var merge = Assert.Single(ctx.Server.Requests);
        Assert.Contains("MERGE `acme-prod.email_analytics.ops_email_verification` T", merge.Sql, StringComparison.Ordinal);
        var row = ((JsonArray)merge.Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal("jane@x.com", row["email"]!["value"]!.GetValue<string>());
        Assert.Equal("0.25", row["credits_used"]!["value"]!.GetValue<string>());
        Assert.Equal("true", row["catch_all"]!["value"]!.GetValue<string>());

        ctx.Server.Enqueue(Bq.Rows("job_ver",
            [("email", "STRING"), ("verification_status", "STRING"), ("catch_all", "STRING"), ("credits_used", "NUMERIC"), ("verified_at", "TIMESTAMP")],
            [["jane@x.com", "verified", "true", "0.25", "1.7640828E9"]]));
        var found = await ops.FindVerificationsAsync(["JANE@x.com", "other@x.com"]);

        var read = ctx.Server.Requests.Last();
        Assert.Contains("IN UNNEST(@emails)", read.Sql, StringComparison.Ordinal);
        var emails = ((JsonArray)read.Parameter("emails")["parameterValue"]!["arrayValues"]!).Select(v => v!["value"]!.GetValue<string>()).ToArray();
        Assert.Equal(["jane@x.com", "other@x.com"], emails);
        var v = Assert.Single(found).Value;
        Assert.Equal((VerificationStatus.Verified, CatchAllState.Yes, 0.25m), (v.Status, v.CatchAll, v.CreditsUsed));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_082_800), v.VerifiedAt);
    }

    [Fact]
    public async Task Tracked_leads_are_found_by_id_or_email()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(Bq.Rows("job_track", [("email", "STRING"), ("campaign_id", "STRING"), ("instantly_lead_id", "STRING"), ("status", "STRING")],
            [["a@x.com", "c1", "L1", "active"], ["b@x.com", "c2", null, "active"]]));

        var tracked = await ((IOpsWarehouse)ctx.Warehouse).FindTrackedLeadsAsync(["L1"], ["b@x.com"]);

        var sql = Assert.Single(ctx.Server.Requests).Sql;
        Assert.Contains("instantly_lead_id IN UNNEST(@ids) OR email IN UNNEST(@emails)", sql, StringComparison.Ordinal);
        Assert.True(tracked.TracksId("L1"));
        Assert.True(tracked.Tracks("L9", "B@x.com", "c2"));
        Assert.False(tracked.Tracks("L9", "b@x.com", "c1"));
    }

    [Fact]
    public async Task Performance_snapshots_merge_per_day_and_campaign_and_the_report_reads_dates_and_rates()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        IOpsWarehouse ops = ctx.Warehouse;
        var day = new DateOnly(2026, 11, 25);
        await ops.UpsertCampaignPerformanceAsync([new CampaignPerformanceRow(day, "c1", "SMB", 100, 80, 200, 50, 4, 1, 3, 2, 1, 10, Now)]);

        var merge = Assert.Single(ctx.Server.Requests);
        Assert.Contains("ON T.date = S.date AND T.campaign_id = S.campaign_id", merge.Sql, StringComparison.Ordinal);
        var row = ((JsonArray)merge.Parameter("rows")["parameterValue"]!["arrayValues"]!).Single()!["structValues"]!;
        Assert.Equal("2026-11-25", row["date"]!["value"]!.GetValue<string>());
        Assert.Equal("80", row["contacted"]!["value"]!.GetValue<string>());

        ctx.Server.Enqueue(Bq.Rows("job_perf",
            [("date", "DATE"), ("campaign_id", "STRING"), ("campaign_name", "STRING"), ("contacted", "INTEGER"), ("emails_sent", "INTEGER"),
             ("replies", "INTEGER"), ("replies_automatic", "INTEGER"), ("bounced", "INTEGER"), ("reply_rate", "FLOAT"), ("bounce_rate", "FLOAT")],
            [["2026-11-25", "c1", "SMB", "80", "200", "4", "1", "2", "5.0", "2.5"], ["2026-11-25", "c2", "Midsize", "0", "0", "0", "0", "0", null, null]]));
        var report = await ops.CampaignPerformanceReportAsync(day.AddDays(-7), day);

        var query = ctx.Server.Requests.Last();
        Assert.Equal("DATE", query.Parameter("from")["parameterType"]!["type"]!.GetValue<string>());
        Assert.Equal("2026-11-18", query.Parameter("from")["parameterValue"]!["value"]!.GetValue<string>());
        Assert.Equal((day, 80, 5.0m, 2.5m), (report[0].Date, report[0].Contacted, report[0].ReplyRate!.Value, report[0].BounceRate!.Value));
        Assert.Null(report[1].ReplyRate);
    }

    [Fact]
    public async Task Drain_history_asks_one_row_per_day_of_the_window()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        ctx.Server.Enqueue(Bq.Rows("job_days", [("day", "DATE"), ("drained", "INTEGER"), ("inventory", "INTEGER")],
            [["2026-11-23", "5", "100"], ["2026-11-24", "0", "95"]]));

        var days = await ((IOpsWarehouse)ctx.Warehouse).DailyDrainCountsAsync(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 25));

        var sql = Assert.Single(ctx.Server.Requests).Sql;
        Assert.Contains("GENERATE_DATE_ARRAY(@from, DATE_SUB(@to, INTERVAL 1 DAY))", sql, StringComparison.Ordinal);
        Assert.Contains("`acme-prod.email_analytics.ops_lead_history`", sql, StringComparison.Ordinal);
        Assert.Equal([new DailyDrainCount(new DateOnly(2026, 11, 23), 5, 100), new DailyDrainCount(new DateOnly(2026, 11, 24), 0, 95)], days);
        Assert.Empty(await ((IOpsWarehouse)ctx.Warehouse).DailyDrainCountsAsync(new DateOnly(2026, 11, 25), new DateOnly(2026, 11, 25)));
    }
}
