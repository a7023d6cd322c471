using ColdEmail.Domain.Drain;

namespace ColdEmail.Domain.Tests.Drain;

public class DrainClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static LeadSnapshot Lead(int status, int replies = 0, int ageDays = 10, int? interest = null,
        DateTimeOffset? bouncedAt = null, int? smtp = null, bool autoReply = false, DateTimeOffset? lastReply = null,
        DateTimeOffset? lastContact = null, DateTimeOffset? bounceSeen = null) =>
        new("lead-1", "a@shop.com", "camp", status, replies, interest, Now.AddDays(-ageDays),
            bouncedAt, smtp, autoReply, lastReply, lastContact, bounceSeen);

    /// <summary>A reply old enough that the label grace is over.</summary>
    private static readonly DateTimeOffset OldReply = Now.AddDays(-3);

    private static DrainDecision.Drain AssertDrain(DrainDecision d, DrainReason reason, string? suppression)
    {
        var drain = Assert.IsType<DrainDecision.Drain>(d);
        Assert.Equal(reason, drain.Reason);
        Assert.Equal(suppression, drain.SuppressionReason);
        Assert.False(string.IsNullOrWhiteSpace(drain.Explanation));
        return drain;
    }

    private static DrainDecision.Keep AssertKeep(DrainDecision d, string reasonFragment, string? suppression = null)
    {
        var keep = Assert.IsType<DrainDecision.Keep>(d);
        Assert.Contains(reasonFragment, keep.Explanation);
        Assert.Equal(suppression, keep.SuppressionReason);
        return keep;
    }

    // ---- completed (status 3) ----

    [Fact]
    public void Completed_with_a_genuine_reply_drains_replied_and_suppresses() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, lastReply: OldReply), Now), DrainReason.Replied, "replied");

    [Fact]
    public void Completed_without_reply_drains_completed_without_suppression() =>
        AssertDrain(DrainClassifier.Classify(Lead(3), Now), DrainReason.Completed, null);

    [Fact]
    public void An_unlabelled_reply_inside_the_label_grace_is_kept_and_rechecked() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 1, lastReply: Now.AddHours(-23)), Now), "not labelled yet");

    [Fact]
    public void An_unlabelled_reply_is_genuine_exactly_when_the_label_grace_ends() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, lastReply: Now.AddHours(-24)), Now), DrainReason.Replied, "replied");

    [Fact]
    public void The_label_grace_comes_from_policy() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 1, lastReply: OldReply),
            DrainPolicy.Default with { ReplyLabelGrace = TimeSpan.FromDays(4) }, Now), "not labelled yet");

    [Fact]
    public void A_reply_of_unknown_time_counts_as_genuine() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1), Now), DrainReason.Replied, "replied");

    [Fact]
    public void Completed_whose_only_reply_is_out_of_office_is_held_for_the_auto_reply_hold() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 2, interest: 0, lastReply: Now.AddDays(-13)), Now), "held until 2026-06-16");

    [Fact]
    public void After_the_auto_reply_hold_it_drains_completed_without_suppression() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 2, interest: 0, lastReply: Now.AddDays(-14)), Now), DrainReason.Completed, null);

    [Fact]
    public void The_auto_reply_hold_comes_from_policy() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: 0, lastReply: Now.AddDays(-2)),
            DrainPolicy.Default with { AutoReplyHold = TimeSpan.FromDays(1) }, Now), DrainReason.Completed, null);

    [Fact]
    public void Completed_with_a_recorded_auto_reply_is_held() =>
        AssertKeep(DrainClassifier.Classify(Lead(3, replies: 1, autoReply: true, lastReply: Now.AddDays(-1)), Now), "auto-reply");

    [Fact]
    public void With_auto_reply_detection_off_every_reply_is_genuine_at_once() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: 0, lastReply: Now.AddMinutes(-5)),
            new DrainPolicy(AutoReplyDetection: false), Now), DrainReason.Replied, "replied");

    // ---- interest labels: suppression at first sight, reason = the label ----

    [Theory]
    [InlineData(InterestLabels.Interested, "interested")]
    [InlineData(InterestLabels.MeetingBooked, "meeting_booked")]
    [InlineData(InterestLabels.MeetingCompleted, "meeting_completed")]
    [InlineData(InterestLabels.Won, "won")]
    [InlineData(InterestLabels.NotInterested, "not_interested")]
    [InlineData(InterestLabels.WrongPerson, "wrong_person")]
    [InlineData(17, "custom_label")]
    public void A_suppressing_label_on_an_active_lead_suppresses_now_but_keeps_the_lead(int label, string reason) =>
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1, interest: label, lastReply: Now.AddHours(-1)), Now), "stays in its campaign", reason);

    [Theory]
    [InlineData(InterestLabels.Interested, "interested")]
    [InlineData(InterestLabels.NotInterested, "not_interested")]
    [InlineData(InterestLabels.Won, "won")]
    public void A_labelled_completed_lead_drains_replied_with_the_label_as_reason(int label, string reason) =>
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: label, lastReply: Now.AddHours(-1)), Now), DrainReason.Replied, reason);

    [Theory]
    [InlineData(InterestLabels.Lost)]
    [InlineData(InterestLabels.NoShow)]
    public void Lost_and_no_show_get_the_cooldown_not_suppression(int label)
    {
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1, interest: label), Now), "stays in its campaign", null);
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, interest: label), Now), DrainReason.Replied, null);
    }

    [Fact]
    public void A_label_counts_even_without_a_reply_count() =>
        AssertKeep(DrainClassifier.Classify(Lead(2, interest: InterestLabels.WrongPerson), Now), "wrong_person", "wrong_person");

    [Fact]
    public void Which_reasons_suppress_is_policy()
    {
        var policy = DrainPolicy.Default with { Suppression = new SuppressionPolicy(new HashSet<string> { "lost", "unsubscribed" }) };
        AssertKeep(DrainClassifier.Classify(Lead(1, interest: InterestLabels.Lost), policy, Now), "lost", "lost");
        AssertKeep(DrainClassifier.Classify(Lead(1, interest: InterestLabels.Interested), policy, Now), "interested", null);
        AssertDrain(DrainClassifier.Classify(Lead(3, replies: 1, lastReply: OldReply), policy, Now), DrainReason.Replied, null);
    }

    // ---- active / paused: deletion waits for the sequence ----

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Active_or_paused_with_a_genuine_reply_is_suppressed_but_stays_in_its_campaign(int status) =>
        AssertKeep(DrainClassifier.Classify(Lead(status, replies: 1, lastReply: OldReply), Now), "stays in its campaign", "replied");

    [Fact]
    public void Active_with_a_fresh_unlabelled_reply_is_neither_suppressed_nor_drained() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1, lastReply: Now.AddHours(-2)), Now), "not labelled yet", null);

    [Fact]
    public void Active_with_only_an_auto_reply_is_kept_unsuppressed() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, replies: 1, interest: 0, lastReply: OldReply), Now), "Out of Office", null);

    [Fact]
    public void Active_for_90_days_drains_stale_active() =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 90), Now), DrainReason.StaleActive, null);

    [Fact]
    public void A_stale_lead_that_replied_drains_stale_and_stays_suppressed() =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 95, replies: 1, lastReply: OldReply), Now), DrainReason.StaleActive, "replied");

    [Fact]
    public void Active_for_89_days_is_kept() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, ageDays: 89), Now), "89 days");

    [Fact]
    public void Paused_for_200_days_is_not_stale() =>
        AssertKeep(DrainClassifier.Classify(Lead(2, ageDays: 200), Now), "paused");

    [Fact]
    public void Stale_days_come_from_policy() =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 30), new DrainPolicy(StaleDays: 30), Now), DrainReason.StaleActive, null);

    // ---- bounces: grace from the bounce ----

    [Fact]
    public void Bounced_7_days_after_the_recorded_bounce_drains_bounced_hard() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 8, bouncedAt: Now.AddDays(-7)), Now), DrainReason.BouncedHard, "bounced_hard");

    [Fact]
    public void Bounced_6_days_ago_is_kept_with_its_grace_end() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, ageDays: 300, bouncedAt: Now.AddDays(-6)), Now), "until 2026-06-16");

    [Fact]
    public void An_old_lead_that_bounced_yesterday_keeps_its_grace_from_the_last_send() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, ageDays: 30, lastContact: Now.AddDays(-1)), Now), "timestamp_last_contact");

    [Fact]
    public void Without_a_send_time_the_grace_runs_from_the_first_sight_of_the_bounce()
    {
        AssertKeep(DrainClassifier.Classify(Lead(-1, ageDays: 30, bounceSeen: Now.AddDays(-3)), Now), "first time the drain saw it");
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 30, bounceSeen: Now.AddDays(-7)), Now), DrainReason.BouncedHard, "bounced_hard");
    }

    [Fact]
    public void A_bounce_of_unknown_time_starts_its_grace_now_not_at_lead_creation() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, ageDays: 30), Now), "until 2026-06-22");

    [Fact]
    public void The_recorded_bounce_wins_over_the_last_send() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, bouncedAt: Now.AddDays(-8), lastContact: Now.AddDays(-1)), Now), DrainReason.BouncedHard, "bounced_hard");

    [Theory]
    [InlineData(550)]
    [InlineData(551)]
    [InlineData(553)]
    public void A_recorded_hard_bounce_smtp_code_on_an_active_lead_drains_bounced_hard(int code) =>
        AssertDrain(DrainClassifier.Classify(Lead(1, ageDays: 100, smtp: code, bouncedAt: Now.AddDays(-10)), Now), DrainReason.BouncedHard, "bounced_hard");

    [Fact]
    public void A_soft_bounce_code_is_not_a_hard_bounce() =>
        AssertKeep(DrainClassifier.Classify(Lead(1, ageDays: 5, smtp: 421), Now), "active");

    [Fact]
    public void An_old_bounced_lead_is_bounced_hard_not_stale() =>
        AssertDrain(DrainClassifier.Classify(Lead(-1, ageDays: 120, bouncedAt: Now.AddDays(-30)), Now), DrainReason.BouncedHard, "bounced_hard");

    [Fact]
    public void A_completed_lead_with_a_recorded_hard_bounce_is_bounced_hard_not_completed() =>
        AssertDrain(DrainClassifier.Classify(Lead(3, smtp: 550, bouncedAt: Now.AddDays(-8)), Now), DrainReason.BouncedHard, "bounced_hard");

    [Fact]
    public void Bounce_grace_comes_from_policy() =>
        AssertKeep(DrainClassifier.Classify(Lead(-1, bouncedAt: Now.AddDays(-8)), new DrainPolicy(BounceGraceDays: 10), Now), "until");

    // ---- terminal statuses ----

    [Fact]
    public void Unsubscribed_drains_at_once_and_is_suppressed() =>
        AssertDrain(DrainClassifier.Classify(Lead(-2, ageDays: 0), Now), DrainReason.Unsubscribed, "unsubscribed");

    [Fact]
    public void Unsubscribed_wins_over_a_label() =>
        AssertDrain(DrainClassifier.Classify(Lead(-2, interest: InterestLabels.Interested), Now), DrainReason.Unsubscribed, "unsubscribed");

    [Fact]
    public void Skipped_drains_skipped() =>
        AssertDrain(DrainClassifier.Classify(Lead(-3), Now), DrainReason.Skipped, null);

    [Fact]
    public void An_unknown_status_is_kept_with_its_code() =>
        AssertKeep(DrainClassifier.Classify(Lead(7), Now), "status 7");

    [Theory]
    [InlineData(DrainReason.Replied, "replied", "success")]
    [InlineData(DrainReason.Completed, "completed", "success")]
    [InlineData(DrainReason.StaleActive, "stale_active", "manual_stop")]
    [InlineData(DrainReason.BouncedHard, "bounced_hard", "bounce")]
    [InlineData(DrainReason.Unsubscribed, "unsubscribed", "unsubscribe")]
    [InlineData(DrainReason.Skipped, "skipped", "manual_stop")]
    public void Each_reason_has_its_code_and_outcome(DrainReason reason, string code, string outcome)
    {
        Assert.Equal(code, reason.Code());
        Assert.Equal(reason, DrainReasons.Parse(code));
        Assert.Equal(outcome, reason.HistoryOutcome());
    }

    [Fact]
    public void Parsing_an_unknown_reason_names_it() =>
        Assert.Contains("missing", Assert.Throws<FormatException>(() => DrainReasons.Parse("missing")).Message);
}
