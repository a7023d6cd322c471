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

    private static InstantlyLead Lead(string id, string? email, string? campaign, int status = 1, DateTimeOffset? created = null, DateTimeOffset? lastContact = null) =>
        new(id, email, campaign, status, 0, 0, 0, null, created ?? Now.AddDays(-1), null, lastContact, null, null, null, null);

    private static OrphanFinding? Decide(InstantlyLead lead, TrackedLeads? tracked = null, bool deleteOthers = false) =>
        OrphanTriage.Decide(lead, tracked ?? Nothing, Ours, Workspace, deleteOthers, OrphanPolicy.Default, Now);

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
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb"), new TrackedLeads([new TrackedLead("a@shop.com", "smb", "l1", "active")])));
        // Tracked by (email, campaign) even when our row has no id yet.
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb"), new TrackedLeads([new TrackedLead("a@shop.com", "smb", null, "active")])));
    }

    [Fact]
    public void A_campaign_less_lead_we_know_is_released_and_one_we_do_not_know_goes_to_review()
    {
        var known = Decide(Lead("l1", "a@shop.com", null), new TrackedLeads([new TrackedLead("a@shop.com", "smb", "l1", "active")]));
        Assert.Equal(OrphanAction.Release, known?.Action);
        Assert.Equal("no_campaign", known?.Kind);

        var stranger = Decide(Lead("l2", "b@shop.com", null));
        Assert.Equal(OrphanAction.ManualReview, stranger?.Action);
        Assert.Contains("does not know", stranger?.Reason);
    }

    [Fact]
    public void Leads_of_a_deleted_campaign_are_deleted_but_another_teams_campaign_is_only_reviewed_unless_configured()
    {
        Assert.Equal(OrphanAction.Delete, Decide(Lead("l1", "a@shop.com", "gone-campaign"))?.Action);
        var other = Decide(Lead("l2", "b@shop.com", "other-team"));
        Assert.Equal(OrphanAction.ManualReview, other?.Action);
        Assert.Equal("unconfigured_campaign", other?.Kind);
        Assert.Equal(OrphanAction.Delete, Decide(Lead("l2", "b@shop.com", "other-team"), deleteOthers: true)?.Action);
    }

    [Fact]
    public void A_lead_stuck_active_without_a_step_for_the_policy_days_goes_to_review_even_when_tracked()
    {
        var tracked = new TrackedLeads([new TrackedLead("a@shop.com", "smb", "l1", "active")]);
        var stuck = Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-OrphanPolicy.Default.StuckDays)), tracked);
        Assert.Equal(OrphanAction.ManualReview, stuck?.Action);
        Assert.Equal("stuck_status", stuck?.Kind);
        Assert.Equal(OrphanPolicy.Default.StuckDays, stuck?.DaysOrphaned);

        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-OrphanPolicy.Default.StuckDays + 1)), tracked));
        Assert.Null(Decide(Lead("l1", "a@shop.com", "smb", created: Now.AddDays(-30), lastContact: Now.AddDays(-1)), tracked));
    }
}
