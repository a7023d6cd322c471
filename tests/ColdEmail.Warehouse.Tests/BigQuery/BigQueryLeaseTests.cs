using System.Globalization;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Lease;

namespace ColdEmail.Warehouse.Tests.BigQuery;

/// <summary>The sync/drain lease's BigQuery statements and the fence before each write job, over BigQuery's REST wire.</summary>
public sealed class BigQueryLeaseTests
{
    private static readonly (string, string)[] LeaseSchema =
    [
        ("name", "STRING"), ("epoch", "INT64"), ("holder_id", "STRING"), ("holder_host", "STRING"), ("holder_pid", "INT64"),
        ("acquired_at", "TIMESTAMP"), ("renewed_at", "TIMESTAMP"), ("expires_at", "TIMESTAMP"),
    ];

    private static string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static System.Text.Json.Nodes.JsonObject LeaseRow(long epoch, LeaseHolder holder, DateTimeOffset since, DateTimeOffset expires) =>
        Bq.Rows("job_lease", LeaseSchema,
            [[LeaseRules.Pipeline, epoch.ToString(CultureInfo.InvariantCulture), holder.Id, holder.Host, holder.Pid.ToString(CultureInfo.InvariantCulture),
              Seconds(since), Seconds(since), Seconds(expires)]]);

    [Fact]
    public async Task A_takeover_is_one_conditional_merge_read_back_and_a_live_holder_is_named()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        var now = BigQueryTestContext.Now;
        var other = new LeaseHolder("other", "host-b", 202);
        ctx.Server.Enqueue(Bq.Done("job_merge", affected: 0), LeaseRow(4, other, now.AddSeconds(-30), now.AddSeconds(90)));

        var attempt = await ctx.Warehouse.TryAcquireLeaseAsync(LeaseRules.Pipeline, new LeaseHolder("me", "host-a", 101), now, TimeSpan.FromMinutes(2));

        Assert.False(attempt.Acquired);
        Assert.Equal(other, attempt.Current.Holder);
        Assert.Equal(4, attempt.Current.Epoch);
        var merge = ctx.Server.Requests.First(r => r.Sql.Contains("MERGE", StringComparison.Ordinal));
        Assert.Contains("`acme-prod.email_analytics.ops_lease`", merge.Sql);
        Assert.Contains("T.holder_id = @holder OR T.expires_at <= @now", merge.Sql);
        Assert.Contains("T.epoch + 1", merge.Sql);
        Assert.Equal("me", merge.Parameter("holder")["parameterValue"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_fenced_write_reads_the_lease_first_and_sends_no_job_once_the_epoch_moved_on()
    {
        await using var ctx = await BigQueryTestContext.StartAsync();
        var now = BigQueryTestContext.Now;
        var me = new LeaseHolder("me", "host-a", 101);
        ctx.Warehouse.SetWriteFence(new LeaseGrant(LeaseRules.Pipeline, me, 3));
        ctx.Server.Enqueue(LeaseRow(4, new LeaseHolder("other", "host-b", 202), now, now.AddMinutes(2)));

        var e = await Assert.ThrowsAsync<LeaseLostException>(() => ctx.Warehouse.UpsertLeadStatesAsync(
            [new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, now)]));

        Assert.Contains("taken over by host host-b, pid 202", e.Message);
        var sent = ctx.Server.Requests.Select(r => r.Sql).Where(s => s.Length > 0).ToList();
        Assert.Single(sent);
        Assert.Contains("FROM `acme-prod.email_analytics.ops_lease`", sent[0]);
        Assert.DoesNotContain(sent, s => s.Contains("ops_inst_state", StringComparison.Ordinal));

        // With its own epoch live, the same write goes through: lease read, then the MERGE job.
        ctx.Server.Enqueue(LeaseRow(3, me, now, now.AddMinutes(2)));
        await ctx.Warehouse.UpsertLeadStatesAsync([new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, now)]);
        Assert.Contains(ctx.Server.Requests, r => r.Sql.Contains("ops_inst_state", StringComparison.Ordinal));
    }
}
