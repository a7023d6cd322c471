using Akka.Actor;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Tests.OpsSupport;

namespace ColdEmail.Pipeline.Tests.Performance;

/// <summary>Analytics pulled from the sandbox through the gateway into ops_campaign_performance (DuckDB), and the report over it.</summary>
public sealed class CampaignPerformanceTests : SandboxGatewayTestKit
{
    private static readonly IReadOnlyList<ConfiguredCampaign> Ours = [new("SMB", null), new("Midsize", null)];

    private CampaignPerformanceTracker Tracker() => new(Api, Warehouse.Ops, Clock);

    private DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    private async Task RunCampaignsAsync(int leads, int days)
    {
        await AddLeadsAsync("SMB", Enumerable.Range(0, leads).Select(i => $"p{i}@perf-shop.com").ToArray());
        Sandbox.AdvanceDays(days);
    }

    [Fact]
    public async Task A_capture_stores_one_row_per_campaign_equal_to_Instantly_s_counters()
    {
        await RunCampaignsAsync(40, 6);

        var snapshot = await Tracker().CaptureAsync(Ours);

        Assert.True(snapshot.Succeeded, string.Join("; ", snapshot.Failures));
        Assert.Equal(2, snapshot.RowsWritten);
        var expected = Sandbox.State.Analytics(Sandbox.CampaignIds["SMB"])!;
        Assert.True(expected.ContactedCount > 0, "the engine must have contacted someone for the test to mean anything");
        var report = await Warehouse.Ops.CampaignPerformanceReportAsync(Today, Today);
        var smb = report.Single(r => r.CampaignId == Sandbox.CampaignIds["SMB"]);
        Assert.Equal("SMB", smb.CampaignName);
        Assert.Equal(expected.ContactedCount, smb.Contacted);
        Assert.Equal(expected.EmailsSentCount, smb.EmailsSent);
        Assert.Equal(expected.ReplyCount, smb.Replies);
        Assert.Equal(expected.BouncedCount, smb.Bounced);
        Assert.Equal(Math.Round(expected.ReplyCount * 100m / expected.ContactedCount, 2), smb.ReplyRate);
        Assert.Equal(Math.Round(expected.BouncedCount * 100m / expected.ContactedCount, 2), smb.BounceRate);

        var midsize = report.Single(r => r.CampaignId == Sandbox.CampaignIds["Midsize"]);
        Assert.Equal(0, midsize.Contacted);
        Assert.Null(midsize.ReplyRate);
    }

    [Fact]
    public async Task A_later_capture_the_same_day_replaces_the_row_and_the_next_day_adds_one()
    {
        var tracker = Tracker();
        await tracker.CaptureAsync(Ours);
        await RunCampaignsAsync(30, 0);
        Clock.Advance(TimeSpan.FromHours(2));
        await tracker.CaptureAsync(Ours);

        var today = Assert.Single(await Warehouse.Ops.CampaignPerformanceReportAsync(Today, Today), r => r.CampaignName == "SMB");
        Assert.Equal(0, today.Contacted);
        var before = Today;

        Sandbox.AdvanceDays(3);
        await tracker.CaptureAsync(Ours);
        var latest = Assert.Single(await Warehouse.Ops.CampaignPerformanceReportAsync(before, Today), r => r.CampaignName == "SMB");
        Assert.Equal(Today, latest.Date);
        Assert.Equal(Sandbox.State.Analytics(Sandbox.CampaignIds["SMB"])!.ContactedCount, latest.Contacted);
        // The earlier day is still there on its own.
        Assert.Equal(before, Assert.Single(await Warehouse.Ops.CampaignPerformanceReportAsync(before, before), r => r.CampaignName == "SMB").Date);
    }

    [Fact]
    public async Task A_campaign_Instantly_does_not_know_is_reported_and_the_others_are_still_stored()
    {
        var snapshot = await Tracker().CaptureAsync([new("SMB", null), new("Ghost", null)]);
        Assert.Equal(1, snapshot.RowsWritten);
        Assert.Contains("Ghost", Assert.Single(snapshot.Failures));
        Assert.Single(await Warehouse.Ops.CampaignPerformanceReportAsync(Today, Today));
    }

    [Fact]
    public async Task The_actor_captures_on_its_timer_in_virtual_time_and_on_demand()
    {
        var actor = Sys.ActorOf(PerformanceActor.Props(Tracker(), new PerformanceOptions { Interval = TimeSpan.FromHours(1) }, Ours));
        // Started (its timer registered) before virtual time moves.
        await actor.Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(10));
        Scheduler.Advance(TimeSpan.FromMinutes(59));
        // Nothing before the first interval.
        Assert.Empty(await Warehouse.Ops.CampaignPerformanceReportAsync(Today, Today));

        Scheduler.Advance(TimeSpan.FromMinutes(1));
        await AwaitAssertAsync(async () => Assert.Equal(2, (await Warehouse.Ops.CampaignPerformanceReportAsync(Today, Today)).Count),
            TimeSpan.FromSeconds(10));

        var snapshot = await actor.Ask<PerformanceSnapshot>(CapturePerformance.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(2, snapshot.RowsWritten);
    }
}
