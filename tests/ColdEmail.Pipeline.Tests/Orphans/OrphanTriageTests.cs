using ColdEmail.Domain.Orphans;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Orphans;

public sealed class OrphanTriageTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> Ours = new HashSet<string> { "smb", "mid" };
    private static readonly IReadOnlySet<string> Workspace = new HashSet<string> { "smb", "mid", "other-team" };
    private static readonly TrackedLeads Nothing = new([]);
    private static readonly OrphanOptions Everything = new() { Scope = OrphanScanScope.Workspace, AllowDelete = true, AllowRelease = true };

    private static InstantlyLead Lead(string id, string? email, string? campaign, int status = 1, DateTimeOffset? created = null, DateTimeOffset? lastContact = null) =>
        new(id, email, campaign, status, 0, 0, 0, null, created ?? Now.AddDays(-1), null, lastContact, null, null, null, null);

    private static OrphanFinding? Decide(InstantlyLead lead, TrackedLeads? tracked = null, OrphanOptions? options = null) =>
        OrphanTriage.Decide(lead, tracked ?? Nothing, Ours, Workspace, options ?? new OrphanOptions(), Now);

    private static TrackedLeads Tracked(params TrackedLead[] rows) => new(rows);

    [Fact]
    public void An_untracked_lead_in_our_campaign_is_adopted()
    {
        var f = Decide(Lead("l1", "A@Shop.com", "smb"));
        Assert.Equal(OrphanAction.Adopt, f?.Action);
        Assert.Equal("a@shop.com", f?.Email);
        Assert.Equal("untracked", f?.Kind);
    }

    [Fact]
    public void A_tracked_lead_in_our_campaign_is_left_alone()
    {
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb"), Tracked(new TrackedLead("a@shop.com", "smb", "l1", "active"))));
        // Tracked by (email, campaign) even when our row has no id yet.
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb"), Tracked(new TrackedLead("a@shop.com", "smb", null, "active"))));
    }

    [Fact]
    public void A_campaign_less_copy_we_enrolled_is_released_only_when_release_is_on()
    {
        var ours = Tracked(new TrackedLead("a@shop.com", "smb", "l1", "active"));
        Assert.Equal(OrphanAction.Release, Decide(Lead("l1", "a@shop.com", null), ours, Everything)?.Action);

        var off = Decide(Lead("l1", "a@shop.com", null), ours);
        Assert.Equal(OrphanAction.Report, off?.Action);
        Assert.Contains("coldemail.orphans.release", off?.Reason);
    }

    [Fact]
    public void A_campaign_less_copy_labelled_interested_is_suppressed_and_never_released_even_with_release_on()
    {
        // Releasing would return the lead to routing; an Interested person must be suppressed, not enrolled again.
        var ours = Tracked(new TrackedLead("a@shop.com", "smb", "l1", "active"));
        var lead = Lead("l1", "a@shop.com", null) with { LtInterestStatus = 1, EmailReplyCount = 1, TimestampLastReply = Now.AddHours(-2) };
        var f = Decide(lead, ours, Everything);
        Assert.Equal(OrphanAction.Report, f?.Action);
        Assert.Equal("interested", f?.SuppressionReason);
        Assert.Contains("never released", f?.Reason);
    }

    [Fact]
    public void A_campaign_less_lead_the_warehouse_knows_only_by_email_is_not_ours()
    {
        // Same person, another Instantly lead: someone else's copy, never released.
        var f = Decide(Lead("l2", "a@shop.com", null), Tracked(new TrackedLead("a@shop.com", "smb", "l1", "active")), Everything);
        Assert.Equal(OrphanAction.Report, f?.Action);
        Assert.Contains("not", f?.Reason);
        Assert.Equal(OrphanAction.Report, Decide(Lead("l3", "b@shop.com", null), options: Everything)?.Action);
    }

    [Fact]
    public void A_lead_our_sync_skipped_is_never_touched()
    {
        var skipped = Tracked(new TrackedLead("a@shop.com", "smb", "l1", "skipped"));
        Assert.Null(Decide(Lead("l1", "a@shop.com", null), skipped, Everything));
        Assert.Null(Decide(Lead("l1", "a@shop.com", "gone-campaign", status: -2), skipped, Everything));
    }

    [Fact]
    public void Leads_of_another_teams_campaign_are_never_touched()
    {
        Assert.Null(Decide(Lead("l2", "b@shop.com", "other-team"), options: Everything));
        Assert.Null(Decide(Lead("l2", "b@shop.com", "other-team", status: -2), Tracked(new TrackedLead("b@shop.com", "smb", "l9", "active")), Everything));
    }

    [Fact]
    public void A_lead_of_a_deleted_campaign_is_removed_only_when_ours_and_its_sequence_is_over()
    {
        var ours = Tracked(new TrackedLead("a@shop.com", "gone-campaign", "l1", "active"));

        var unsubscribed = Decide(Lead("l1", "a@shop.com", "gone-campaign", status: -2), ours, Everything);
        Assert.Equal(OrphanAction.Delete, unsubscribed?.Action);
        Assert.Equal("unsubscribed", unsubscribed?.Drain?.Reason);
        Assert.Equal("unsubscribed", unsubscribed?.Drain?.SuppressionReason);
        Assert.Equal("gone-campaign", unsubscribed?.Drain?.CampaignId);
        Assert.False(unsubscribed?.Drain?.AlreadyRecorded);

        // Deleting off: reported, but the outcome travels with it (recovery still suppresses the person).
        var reported = Decide(Lead("l1", "a@shop.com", "gone-campaign", status: -2), ours);
        Assert.Equal(OrphanAction.Report, reported?.Action);
        Assert.Equal("unsubscribed", reported?.Drain?.SuppressionReason);

        // An active lead the drain keeps is left until its sequence is over.
        Assert.Equal(OrphanAction.Report, Decide(Lead("l1", "a@shop.com", "gone-campaign"), ours, Everything)?.Action);
        // Not ours: nothing.
        Assert.Null(Decide(Lead("l5", "z@shop.com", "gone-campaign", status: -2), options: Everything));
        // Recorded by an earlier scan whose delete failed: only the delete is retried.
        var retry = Decide(Lead("l1", "a@shop.com", "gone-campaign", status: -2), Tracked(new TrackedLead("a@shop.com", "gone-campaign", "l1", "completed")), Everything);
        Assert.True(retry?.Drain?.AlreadyRecorded);
    }

    [Fact]
    public void A_lead_stuck_active_without_a_step_for_the_policy_days_goes_to_review_even_when_tracked()
    {
        var tracked = Tracked(new TrackedLead("a@shop.com", "smb", "l1", "active"));
        var stuck = Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-OrphanPolicy.Default.StuckDays)), tracked);
        Assert.Equal(OrphanAction.ManualReview, stuck?.Action);
        Assert.Equal("stuck_status", stuck?.Kind);
        Assert.Equal(OrphanPolicy.Default.StuckDays, stuck?.DaysOrphaned);

        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-OrphanPolicy.Default.StuckDays + 1)), tracked));
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-30), lastContact: Now.AddDays(-1)), tracked));
    }
}
