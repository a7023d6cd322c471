using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Ops;

/// <summary>The features reached through the real supervisor and the CLI's facade, against the sandbox and DuckDB.</summary>
public sealed class OpsWiringTests : SandboxGatewayTestKit
{
    // The limiter paces on the scheduler, which is virtual here and does not move by itself.
    private static readonly PipelineOptions Unpaced = new() { RateLimiter = new() { Enabled = false } };

    private PipelineHost? _host;

    /// <summary>The pipeline as the daemon composes it, over the raw client (the pipeline puts its own gateway in front).</summary>
    private async Task<ColdEmailPipeline> Pipeline()
    {
        _host = await PipelineHost.StartAsync(Unpaced, Client, Warehouse.Leads, Clock);
        return _host.Pipeline;
    }

    public override async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_supervisor_runs_every_feature_over_its_gateway_and_warehouse()
    {
        var pipeline = await Pipeline();
        var stray = await AddLeadsAsync("SMB", "stray@wired-shop.com");
        var plan = await pipeline.RecoverOrphansAsync(dryRun: true);
        Assert.Equal(OrphanAction.Adopt, Assert.Single(plan.Findings).Action);
        Assert.Empty((await Warehouse.Leads.ExplainAsync("stray@wired-shop.com")).States);

        var done = await pipeline.RecoverOrphansAsync(dryRun: false);
        Assert.Equal(1, done.Adopted);
        Assert.Equal(stray["stray@wired-shop.com"], Assert.Single((await Warehouse.Leads.ExplainAsync("stray@wired-shop.com")).States).InstantlyLeadId);

        var snapshot = await pipeline.CapturePerformanceAsync();
        Assert.Equal(2, snapshot.RowsWritten);
        var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
        var report = await pipeline.CampaignPerformanceReportAsync(today, today);
        Assert.Equal(2, report.Count);
        Assert.Equal(["Midsize", "SMB"], report.Select(r => r.CampaignName ?? "").Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(Sandbox.State.Analytics(Sandbox.CampaignIds["SMB"])!.ContactedCount, report.Single(r => r.CampaignName == "SMB").Contacted);
    }

    [Fact]
    public async Task Live_settings_reach_the_features()
    {
        var pipeline = await Pipeline();
        Assert.False((await pipeline.InventoryMultiplierAsync()).AutoScaled);
        Assert.Equal(3.5, (await pipeline.InventoryMultiplierAsync()).Value);

        var off = Unpaced with { Ops = new() { Orphans = new OrphanOptions { Enabled = false }, AutoScale = new() { FixedMultiplier = 5 } } };
        Assert.True((await pipeline.ApplySettingsAsync(off)).Accepted);

        Assert.Equal(5, (await pipeline.InventoryMultiplierAsync()).Value);
        var report = await pipeline.RecoverOrphansAsync(dryRun: true);
        Assert.Contains("orphan_recovery_enabled", report.SkippedBecause);
    }
}
