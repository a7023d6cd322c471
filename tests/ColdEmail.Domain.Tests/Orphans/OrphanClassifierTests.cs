using ColdEmail.Domain.Orphans;

namespace ColdEmail.Domain.Tests.Orphans;

public class OrphanClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlySet<string> Ours = new HashSet<string> { "smb", "mid" };

    private static OrphanCandidate C(string? campaign, int status = 1, int steps = 0, int idleDays = 0, int attempts = 0) =>
        new("lead-1", "a@shop.com", campaign, status, steps, Now.AddDays(-idleDays), Now.AddDays(-idleDays - 1), attempts);

    private static OrphanDecision Classify(OrphanCandidate c) => OrphanClassifier.Classify(c, Ours, OrphanPolicy.Default, Now);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_campaign_is_reassigned(string? campaign)
    {
        var d = Classify(C(campaign));
        Assert.Equal(OrphanKind.NoCampaign, d.Kind);
        Assert.Equal(RecoveryAction.Reassign, d.Action);
        Assert.Equal("no_campaign", d.KindCode);
        Assert.Equal("reassign", d.ActionCode);
    }

    [Fact]
    public void An_unknown_campaign_is_deleted()
    {
        var d = Classify(C("gone"));
        Assert.Equal(OrphanKind.DeletedCampaign, d.Kind);
        Assert.Equal(RecoveryAction.Delete, d.Action);
        Assert.Contains("gone", d.Reason);
        Assert.Equal("deleted_campaign", d.KindCode);
    }

    [Fact]
    public void Active_with_no_step_for_14_days_is_stuck_for_manual_review()
    {
        var d = Classify(C("smb", idleDays: 14));
        Assert.Equal(OrphanKind.StuckStatus, d.Kind);
        Assert.Equal(RecoveryAction.ManualReview, d.Action);
        Assert.Equal(14, d.DaysOrphaned);
        Assert.Equal("manual_review", d.ActionCode);
    }

    [Fact]
    public void Active_with_no_step_for_13_days_is_not_an_orphan_yet() =>
        Assert.False(Classify(C("smb", idleDays: 13)).IsOrphan);

    [Fact]
    public void A_lead_with_steps_sent_is_not_stuck() =>
        Assert.False(Classify(C("smb", steps: 2, idleDays: 60)).IsOrphan);

    [Fact]
    public void A_paused_lead_is_not_stuck() =>
        Assert.False(Classify(C("smb", status: 2, idleDays: 60)).IsOrphan);

    [Fact]
    public void Too_many_failed_recoveries_go_to_manual_review()
    {
        var d = Classify(C("gone", attempts: 3));
        Assert.Equal(OrphanKind.DeletedCampaign, d.Kind);
        Assert.Equal(RecoveryAction.ManualReview, d.Action);
        Assert.Contains("3 recovery attempts", d.Reason);
    }
}
