using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Orphans;
using ColdEmail.Pipeline.Campaigns;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Orphans;

/// <summary>
/// The full scan against the sandbox, through the gateway, with a DuckDB warehouse. SMB, Midsize and
/// Stalled (a campaign that sends nothing) are ours; Legacy exists in the workspace but is not configured.
/// </summary>
public sealed class OrphanRecoveryTests : SandboxGatewayTestKit
{
    protected override IReadOnlyList<CampaignSpec> Campaigns =>
        [new("SMB", 50, 5), new("Midsize", 30, 7), new("Stalled", 0, 5), new("Legacy", 50, 5)];

    private static readonly IReadOnlyList<ConfiguredCampaign> Ours =
        [new("SMB", null), new("Midsize", null), new("Stalled", null)];

    private OrphanRecovery Recovery(OrphanOptions? options = null) =>
        new(Api, Warehouse.Leads, Warehouse.Ops, Clock, options ?? new OrphanOptions());

    /// <summary>Every opt-in on: workspace scope, delete, release — what is still never touched holds under it.</summary>
    private static readonly OrphanOptions Everything = new() { Scope = OrphanScanScope.Workspace, AllowDelete = true, AllowRelease = true };

    private Task Track(string email, string campaign, string leadId) =>
        Warehouse.Leads.UpsertLeadStatesAsync([new LeadStateRow(email, Sandbox.CampaignIds[campaign], campaign, LeadState.Active, leadId, 1, "enrolled", Clock.GetUtcNow())]);

    private async Task<LeadStateRow?> State(string email, string campaign) =>
        (await Warehouse.Leads.ExplainAsync(email)).States.SingleOrDefault(s => s.CampaignId == Sandbox.CampaignIds[campaign]);

    [Fact]
    public async Task Untracked_leads_in_our_campaigns_are_adopted_not_re_added()
    {
        var ids = await AddLeadsAsync("SMB", "tracked@shop-one.com", "stray@shop-two.com");
        await Track("tracked@shop-one.com", "SMB", ids["tracked@shop-one.com"]);

        var report = await Recovery().RunAsync(Ours, dryRun: false);

        Assert.Equal(2, report.Scanned);
        var adopted = Assert.Single(report.Findings);
        Assert.Equal(OrphanAction.Adopt, adopted.Action);
        Assert.Equal(ids["stray@shop-two.com"], adopted.LeadId);
        Assert.Equal(1, report.Adopted);
        var state = await State("stray@shop-two.com", "SMB");
        Assert.Equal(LeadState.Active, state?.State);
        Assert.Equal(ids["stray@shop-two.com"], state?.InstantlyLeadId);
        Assert.Equal(2, Sandbox.State.LeadCount);

        // Adopted: the next scan has nothing to do.
        var again = await Recovery().RunAsync(Ours, dryRun: false);
        Assert.Empty(again.Findings);
    }

    [Fact]
    public async Task A_campaign_less_copy_of_a_lead_we_enrolled_is_deleted_and_the_lead_returns_to_routing_when_release_is_on()
    {
        // The old create-then-move bug: we believe the lead is in SMB, Instantly has it in no campaign.
        var id = await CreateCampaignlessLeadAsync("lost@shop-three.com", Sandbox.CampaignIds["SMB"]);
        Assert.Null(Sandbox.State.FindById(id)?.CampaignId);
        await Track("lost@shop-three.com", "SMB", id);

        // By default: the scan looks only into our campaigns, and would only report it anyway.
        Assert.Empty((await Recovery().RunAsync(Ours, dryRun: false)).Findings);
        var careful = await Recovery(Everything with { AllowRelease = false }).RunAsync(Ours, dryRun: false);
        Assert.Equal(OrphanAction.Report, Assert.Single(careful.Findings).Action);
        Assert.NotNull(Sandbox.State.FindById(id));

        var report = await Recovery(Everything).RunAsync(Ours, dryRun: false);

        Assert.Equal(OrphanAction.Release, Assert.Single(report.Findings).Action);
        Assert.Equal(1, report.Released);
        Assert.Null(Sandbox.State.FindById(id));
        Assert.Equal(LeadState.Eligible, (await State("lost@shop-three.com", "SMB"))?.State);
    }

    [Fact]
    public async Task A_campaign_less_lead_nobody_knows_is_reported_and_nothing_is_written()
    {
        var id = await CreateCampaignlessLeadAsync("hand.made@shop-four.com", Sandbox.CampaignIds["Midsize"]);

        var report = await Recovery(Everything).RunAsync(Ours, dryRun: false);

        Assert.Equal(OrphanAction.Report, Assert.Single(report.Findings).Action);
        Assert.Equal(1, report.Reported);
        Assert.Equal(0, report.Deleted + report.Released + report.Reviewed);
        Assert.NotNull(Sandbox.State.FindById(id));
        Assert.Empty(await Warehouse.Leads.ListDeadLettersAsync(includeResolved: true, 10));
    }

    /// <summary>Issue 10, finding 4: the daemon used to review (default) or bulk-delete (opted in) another team's leads.</summary>
    [Fact]
    public async Task Leads_of_another_teams_campaign_are_untouched_by_default_and_even_with_every_opt_in()
    {
        var ids = await AddLeadsAsync("Legacy", "old.one@shop-five.com", "old.two@shop-five.com");
        // Even a lead whose person we also enrolled elsewhere, and one that unsubscribed there.
        await Track("old.one@shop-five.com", "SMB", "some-other-lead");
        Assert.NotNull(Sandbox.State.SetStatus(ids["old.two@shop-five.com"], -2));

        foreach (var options in new[] { new OrphanOptions(), Everything })
        {
            var report = await Recovery(options).RunAsync(Ours, dryRun: false);
            Assert.Empty(report.Findings);
            Assert.Equal(2, Sandbox.State.CountLeads(Sandbox.CampaignIds["Legacy"]));
            Assert.All(ids.Values, id => Assert.NotNull(Sandbox.State.FindById(id)));
            Assert.Empty(await Warehouse.Leads.ListDeadLettersAsync(includeResolved: true, 10));
            Assert.Null(await Warehouse.Leads.FindSuppressionAsync("old.two@shop-five.com"));
        }
        Assert.Equal(LeadState.Active, (await State("old.one@shop-five.com", "SMB"))?.State);
    }

    /// <summary>
    /// Issue 10, finding 4: our sync met a lead already in the workspace and recorded that it skipped it; orphan
    /// recovery used to see the warehouse knew the email, delete that lead (someone else's) and make the person eligible.
    /// </summary>
    [Fact]
    public async Task Our_own_skipped_lead_is_untouched_even_with_every_opt_in()
    {
        var id = await CreateCampaignlessLeadAsync("taken@shop-seven.com", Sandbox.CampaignIds["SMB"]);
        // What the sync writes when Instantly already has the person (the row carries the existing lead's id).
        await new OutcomeWriter(Warehouse.Leads).WriteAsync("SMB", Sandbox.CampaignIds["SMB"],
            [new LeadOutcome("taken@shop-seven.com", OutcomeKind.Skipped, id, "already in the workspace (campaign none)")],
            new Dictionary<string, DeadLetter>(), Clock.GetUtcNow(), CancellationToken.None);

        var report = await Recovery(Everything).RunAsync(Ours, dryRun: false);

        Assert.DoesNotContain(report.Findings, f => f.LeadId == id);
        Assert.Equal(0, report.Deleted + report.Released);
        Assert.NotNull(Sandbox.State.FindById(id));
        Assert.Equal(LeadState.Skipped, (await State("taken@shop-seven.com", "SMB"))?.State);
    }

    [Fact]
    public async Task A_lead_stuck_active_with_no_step_for_the_policy_days_goes_to_review()
    {
        var ids = await AddLeadsAsync("Stalled", "waiting@shop-six.com");
        await Track("waiting@shop-six.com", "Stalled", ids["waiting@shop-six.com"]);

        Sandbox.AdvanceDays(OrphanPolicy.Default.StuckDays - 1);
        Assert.Empty((await Recovery().RunAsync(Ours, dryRun: false)).Findings);

        Sandbox.AdvanceDays(1);
        var report = await Recovery().RunAsync(Ours, dryRun: false);
        var stuck = Assert.Single(report.Findings);
        Assert.Equal("stuck_status", stuck.Kind);
        Assert.Equal(OrphanAction.ManualReview, stuck.Action);
        Assert.Equal(OrphanPolicy.Default.StuckDays, stuck.DaysOrphaned);
        Assert.Equal(1, report.Reviewed);
    }

    [Fact]
    public async Task A_dry_run_lists_what_would_happen_and_changes_nothing()
    {
        await AddLeadsAsync("SMB", "stray@shop-two.com");
        var lost = await CreateCampaignlessLeadAsync("lost@shop-three.com", Sandbox.CampaignIds["SMB"]);
        await Track("lost@shop-three.com", "SMB", lost);

        var plan = await Recovery(Everything).RunAsync(Ours, dryRun: true);

        Assert.True(plan.DryRun);
        Assert.Equal([OrphanAction.Adopt, OrphanAction.Release], plan.Findings.Select(f => f.Action).Order().ToArray());
        Assert.Equal(0, plan.Adopted + plan.Deleted + plan.Released + plan.Reviewed);
        Assert.NotNull(Sandbox.State.FindById(lost));
        Assert.Null(await State("stray@shop-two.com", "SMB"));
        Assert.Equal(LeadState.Active, (await State("lost@shop-three.com", "SMB"))?.State);
    }

    [Fact]
    public async Task The_scan_pages_with_the_cursor_through_more_leads_than_one_page()
    {
        var emails = Enumerable.Range(0, 250).Select(i => $"lead{i}@shop-bulk.com").ToArray();
        await AddLeadsAsync("Midsize", emails);

        var report = await Recovery().RunAsync(Ours, dryRun: true);

        Assert.Equal(250, report.Scanned);
        Assert.False(report.Truncated);
        Assert.Equal(250, report.Findings.Select(f => f.LeadId).Distinct().Count());

        var capped = await Recovery(new OrphanOptions { MaxPages = 2 }).RunAsync(Ours, dryRun: true);
        Assert.True(capped.Truncated);
        Assert.Equal(200, capped.Scanned);
    }

    [Fact]
    public async Task The_flag_off_scans_nothing()
    {
        await AddLeadsAsync("SMB", "stray@shop-two.com");
        var report = await Recovery(new OrphanOptions { Enabled = false }).RunAsync(Ours, dryRun: false);
        Assert.Equal(0, report.Scanned);
        Assert.Contains("orphan_recovery_enabled", report.SkippedBecause);
        Assert.Empty(report.Failures);
        Assert.Null(await State("stray@shop-two.com", "SMB"));
    }
}
