using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Warehouse.Tests.Postgres;

/// <summary>
/// <see cref="IOpsWarehouse"/> on PostgreSQL. Each scenario also runs on DuckDB and both answers must be equal,
/// besides the expected values: the two adapters must not drift apart.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOpsTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = TempWarehouse.Now;

    private async Task<(T Pg, T Duck)> OnBothAsync<T>(Func<ILeadWarehouse, IOpsWarehouse, Task<T>> scenario)
    {
        await using var pg = await TempWarehouse.CreateAsync(server);
        await using var duck = await DuckDb.TempWarehouse.CreateAsync();
        return (await scenario(pg.Warehouse, pg.Warehouse), await scenario(duck.Warehouse, duck.Warehouse));
    }

    [Fact]
    public async Task Verifications_are_saved_by_normalised_email_and_the_latest_wins()
    {
        var (pg, duck) = await OnBothAsync(async (_, ops) =>
        {
            await ops.SaveVerificationsAsync(
            [
                new StoredVerification(" A@x.com", VerificationStatus.Verified, CatchAllState.No, 0.25m, T0.AddHours(-2)),
                new StoredVerification("a@x.com", VerificationStatus.Invalid, CatchAllState.Yes, 1.5m, T0),
                new StoredVerification("b@x.com", VerificationStatus.Pending, CatchAllState.Pending, null, T0),
            ]);
            await ops.SaveVerificationsAsync([new StoredVerification("b@x.com", VerificationStatus.Verified, CatchAllState.No, 0.5m, T0.AddHours(1))]);
            var found = await ops.FindVerificationsAsync(["A@X.COM ", "b@x.com", "never@x.com"]);
            return found.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList();
        });

        Assert.Equal(
        [
            new StoredVerification("a@x.com", VerificationStatus.Invalid, CatchAllState.Yes, 1.5m, T0),
            new StoredVerification("b@x.com", VerificationStatus.Verified, CatchAllState.No, 0.5m, T0.AddHours(1)),
        ], pg);
        Assert.Equal(duck, pg);
    }

    [Fact]
    public async Task Tracked_leads_are_found_by_instantly_id_or_by_email()
    {
        var (pg, duck) = await OnBothAsync(async (wh, ops) =>
        {
            await wh.UpsertLeadStatesAsync(
            [
                new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, T0),
                new LeadStateRow("b@x.com", "c1", "SMB", LeadState.Active, "L2", 1, null, T0),
                new LeadStateRow("b@x.com", "c2", "Midsize", LeadState.Skipped, null, null, "exists", T0),
                new LeadStateRow("c@x.com", "c1", "SMB", LeadState.Active, "L3", 1, null, T0),
            ]);
            var tracked = await ops.FindTrackedLeadsAsync(["L1", "L-unknown"], [" B@x.com"]);
            return tracked.Rows.ToList();
        });

        Assert.Equal(
        [
            new TrackedLead("a@x.com", "c1", "L1", "active"),
            new TrackedLead("b@x.com", "c1", "L2", "active"),
            new TrackedLead("b@x.com", "c2", null, "skipped"),
        ], pg);
        Assert.Equal(duck, pg);
    }

    [Fact]
    public async Task Performance_snapshots_replace_within_a_day_and_the_report_takes_each_campaigns_latest_day()
    {
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        CampaignPerformanceRow Snap(DateOnly d, string id, int contacted, int replies, int bounced, DateTimeOffset at) =>
            new(d, id, id == "c1" ? "SMB" : null, 100, contacted, contacted * 2, 10, replies, 1, 3, bounced, 0, 5, at);

        var (pg, duck) = await OnBothAsync(async (_, ops) =>
        {
            await ops.UpsertCampaignPerformanceAsync(
            [
                Snap(day.AddDays(-1), "c1", 50, 1, 1, T0.AddDays(-1)),
                Snap(day, "c1", 80, 2, 2, T0.AddHours(-3)),
                Snap(day, "c2", 0, 0, 0, T0),
            ]);
            await ops.UpsertCampaignPerformanceAsync([Snap(day, "c1", 200, 8, 3, T0)]);
            return (await ops.CampaignPerformanceReportAsync(day.AddDays(-7), day)).ToList();
        });

        Assert.Equal(
        [
            new CampaignPerformanceReportRow(day, "c1", "SMB", 200, 400, 8, 1, 3, 4.00m, 1.50m),
            new CampaignPerformanceReportRow(day, "c2", null, 0, 0, 0, 1, 0, null, null),
        ], pg);
        Assert.Equal(duck, pg);
    }

    [Fact]
    public async Task Daily_drain_counts_and_reply_counts_follow_inventory_from_add_to_drain()
    {
        var day = DateOnly.FromDateTime(T0.UtcDateTime);
        var (pg, duck) = await OnBothAsync(async (wh, ops) =>
        {
            await wh.UpsertLeadStatesAsync(
            [
                new LeadStateRow("a@x.com", "c1", "SMB", LeadState.Active, "L1", 1, null, T0.AddDays(-3)),
                new LeadStateRow("b@x.com", "c1", "SMB", LeadState.Active, "L2", 1, null, T0.AddDays(-3)),
                new LeadStateRow("c@x.com", "c1", "SMB", LeadState.Active, "L3", 1, null, T0.AddDays(-1)),
                new LeadStateRow("d@x.com", "c1", "SMB", LeadState.Skipped, null, null, "exists", T0.AddDays(-3)),
            ]);
            await wh.RecordDrainsAsync(
            [
                new DrainRecord("a@x.com", "c1", "L1", "replied", "success", T0.AddDays(-2), 1, 2, 1, 0, 1, "replied"),
                new DrainRecord("b@x.com", "c1", "L2", "completed", "success", T0.AddDays(-1), 2, 5, 0, 0, 0, null),
            ]);
            var daily = await ops.DailyDrainCountsAsync(day.AddDays(-3), day.AddDays(1));
            var replies = await ops.ReplyCountsAsync(T0.AddDays(-3), T0);
            var none = await ops.DailyDrainCountsAsync(day, day);
            return (Daily: daily.ToList(), Replies: replies, None: none.Count);
        });

        Assert.Equal(
        [
            new DailyDrainCount(day.AddDays(-3), 0, 2),
            new DailyDrainCount(day.AddDays(-2), 1, 2),
            new DailyDrainCount(day.AddDays(-1), 1, 2),
            new DailyDrainCount(day, 0, 1),
        ], pg.Daily);
        Assert.Equal(new ReplyCounts(3, 1), pg.Replies);
        Assert.Equal(0, pg.None);
        Assert.Equal(duck.Daily, pg.Daily);
        Assert.Equal(duck.Replies, pg.Replies);
    }
}
