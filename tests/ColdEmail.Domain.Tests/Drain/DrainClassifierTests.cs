using ColdEmail.Domain.Drain;

namespace ColdEmail.Domain.Tests.Drain;

public class DrainClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static LeadSnapshot Lead(int status, int replies = 0, int ageDays = 10, int? interest = null,
        DateTimeOffset? bouncedAt = null, int? smtp = null, bool autoReply = false, DateTimeOffset? pauseUntil = null) =>
        new("lead-1", "a@shop.com", "camp", status, replies, interest, Now.AddDays(-ageDays),
            bouncedAt, smtp, autoReply, pauseUntil);

    private static DrainDecision.Drain AssertDrain(DrainDecision d, DrainReason reason)
    {
        var drain = Assert.IsType<DrainDecision.Drain>(d);
        Assert.Equal(reason, drain.Reason);
        Assert.False(string.IsNullOrWhiteSpace(drain.Explanation));
        return drain;
    }

    private static void AssertKeep(DrainDecision d, string reasonFragment)
    {
        var keep = Assert.IsType<DrainDecision.Keep>(d);
        Assert.Contains(reasonFragment, keep.Explanation);
    }

    [Fact]
    public void Completed_with_a_genuine_reply_drains_replied() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1), Now), DrainReason.Replied);

    [Fact]
    public void Completed_without_reply_drains_completed() =>
        AssertDrain(DrainClassifier.Classify(Lead(3), Now), DrainReason.Completed);

    [Fact]
    public void Completed_with_replies_and_out_of_office_interest_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 2, interest: 0), Now), "Out of Office");

    [Fact]
    public void Completed_with_a_recorded_auto_reply_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 1, autoReply: true), Now), "auto-reply");

    [Fact]
    public void Completed_with_pause_until_in_the_future_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 1, pauseUntil: Now.AddDays(3)), Now), "paused until");

    [Fact]
    public void A_pause_until_in_the_past_is_no_auto_reply_signal() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, pauseUntil: Now.AddDays(-1)), Now), DrainReason.Replied);

    [Fact]
    public void With_auto_reply_detection_off_every_reply_is_genuine() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: 0), new DrainPolicy(AutoReplyDetection: false), Now), DrainReason.Replied);

    [Fact]
    public void An_interest_status_other_than_out_of_office_is_a_genuine_reply() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: 1), Now), DrainReason.Replied);

    [Fact]
    public void Active_for_90_days_drains_stale_active() =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 90), Now), DrainReason.StaleActive);

    [Fact]
    public void Active_for_89_days_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, ageDays: 89), Now), "89 days");

    [Fact]
    public void Paused_for_200_days_is_not_stale() =>
        AssertKeep(DrainClassifier.Classify(Lead(2, ageDays: 200), Now), "paused");

    [Fact]
    public void Stale_days_come_from_policy() =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 30), new DrainPolicy(StaleDays: 30), Now), DrainReason.StaleActive);

    [Fact]
    public void Bounced_7_days_ago_drains_bounced_hard() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 8, bouncedAt: Now.AddDays(-7)), Now), DrainReason.BouncedHard);

    [Fact]
    public void Bounced_6_days_ago_is_kept_with_its_grace_end() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, ageDays: 300, bouncedAt: Now.AddDays(-6)), Now), "bounce grace until 2026-06-16");

    [Fact]
    public void Bounce_without_a_time_counts_from_creation() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 7), Now), DrainReason.BouncedHard);

    [Theory]
    [InlineData(550)]
    [InlineData(551)]
    [InlineData(553)]
    public void A_recorded_hard_bounce_smtp_code_on_an_active_lead_drains_bounced_hard(int code) =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 100, smtp: code, bouncedAt: Now.AddDays(-10)), Now), DrainReason.BouncedHard);

    [Fact]
    public void A_soft_bounce_code_is_not_a_hard_bounce() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, ageDays: 5, smtp: 421), Now), "active");

    [Fact]
    public void An_old_bounced_lead_is_bounced_hard_not_stale() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 120, bouncedAt: Now.AddDays(-30)), Now), DrainReason.BouncedHard);

    [Fact]
    public void A_completed_lead_with_a_recorded_hard_bounce_is_bounced_hard_not_completed() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, smtp: 550, bouncedAt: Now.AddDays(-8)), Now), DrainReason.BouncedHard);

    [Fact]
    public void Bounce_grace_comes_from_policy() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, bouncedAt: Now.AddDays(-8)), new DrainPolicy(BounceGraceDays: 10), Now), "grace until");

    [Fact]
    public void Unsubscribed_drains_at_once() =>
        AssertDrain(DrainClassifier.Classify(Lead(-2, ageDays: 0), Now), DrainReason.Unsubscribed);

    [Fact]
    public void Skipped_drains_skipped() =>
        AssertDrain(DrainClassifier.Classify(Lead(-3), Now), DrainReason.Skipped);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Active_or_paused_with_a_genuine_reply_drains_replied(int status) =>
        AssertDrain(DrainClassifier.Classify(Lead(status, replies: 1), Now), DrainReason.Replied);

    [Fact]
    public void Active_with_a_reply_waits_when_policy_turns_immediate_drain_off() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1), new DrainPolicy(DrainRepliesImmediately: false), Now), "policy");

    [Fact]
    public void Active_with_only_an_auto_reply_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1, interest: 0), Now), "auto-reply");

    [Fact]
    public void An_unknown_status_is_kept_with_its_code() =>
        AssertKeep(DrainClassifier.Classify(Lead(7), Now), "status 7");

    [Theory]
    [InlineData(DrainReason.Replied, "replied", true, "success")]
    [InlineData(DrainReason.Completed, "completed", false, "success")]
    [InlineData(DrainReason.StaleActive, "stale_active", false, "manual_stop")]
    [InlineData(DrainReason.BouncedHard, "bounced_hard", true, "bounce")]
    [InlineData(DrainReason.Unsubscribed, "unsubscribed", true, "unsubscribe")]
    [InlineData(DrainReason.Skipped, "skipped", false, "manual_stop")]
    public void Each_reason_has_its_code_suppression_and_outcome(DrainReason reason, string code, bool suppress, string outcome)
    {
        Assert.Equal(code, reason.Code());
        Assert.Equal(reason, DrainReasons.Parse(code));
        Assert.Equal(suppress, reason.SuppressForever());
        Assert.Equal(outcome, reason.HistoryOutcome());
    }

    [Fact]
    public void Parsing_an_unknown_reason_names_it() =>
        Assert.Contains("missing", Assert.Throws<FormatException>(() => DrainReasons.Parse("missing")).Message);
}
