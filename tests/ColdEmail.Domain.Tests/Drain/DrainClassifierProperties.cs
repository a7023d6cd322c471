using ColdEmail.Domain.Drain;
using CsCheck;

namespace ColdEmail.Domain.Tests.Drain;

public class DrainClassifierProperties
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<LeadSnapshot> GenLead =
        from status in Gen.OneOfConst(1, 2, 3, -1, -2, -3, 0, 4, 99)
        from replies in Gen.Int[0, 3]
        from interest in Gen.OneOfConst<int?>(null, 0, 1, 2, -1, -3, 9)
        from ageDays in Gen.Int[-5, 400]
        from bouncedDays in Gen.Int[-5, 30].Nullable()
        from smtp in Gen.OneOfConst<int?>(null, 421, 450, 550, 551, 553)
        from autoReply in Gen.Bool
        from replyHours in Gen.Int[0, 1000].Nullable()
        from contactDays in Gen.Int[0, 60].Nullable()
        from seenDays in Gen.Int[0, 60].Nullable()
        select new LeadSnapshot("id", "a@b.com", "c", status, replies, interest, Now.AddDays(-ageDays),
            bouncedDays is { } b ? Now.AddDays(-b) : null, smtp, autoReply,
            replyHours is { } h ? Now.AddHours(-h) : null, contactDays is { } c ? Now.AddDays(-c) : null,
            seenDays is { } s ? Now.AddDays(-s) : null);

    private static readonly Gen<DrainPolicy> GenPolicy =
        from auto in Gen.Bool
        from graceHours in Gen.Int[0, 72]
        from holdDays in Gen.Int[0, 30]
        select new DrainPolicy(AutoReplyDetection: auto) { ReplyLabelGrace = TimeSpan.FromHours(graceHours), AutoReplyHold = TimeSpan.FromDays(holdDays) };

    [Fact]
    public void Every_lead_gets_a_decision_with_a_reason() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var d = DrainClassifier.Classify(lead, policy, Now);
            Assert.False(string.IsNullOrWhiteSpace(d.Explanation));
        });

    [Fact]
    public void Unsubscribed_always_drains_at_once_and_is_suppressed() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var d = DrainClassifier.Classify(lead with { Status = -2 }, policy, Now);
            var drain = Assert.IsType<DrainDecision.Drain>(d);
            Assert.Equal(DrainReason.Unsubscribed, drain.Reason);
            Assert.True(drain.SuppressForever);
        });

    [Fact]
    public void A_hard_bounce_never_drains_inside_its_grace() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var d = DrainClassifier.Classify(lead, policy, Now);
            if (d is DrainDecision.Drain { Reason: DrainReason.BouncedHard })
                Assert.True(Now - BounceClock.Start(lead, Now).Since >= TimeSpan.FromDays(policy.BounceGraceDays));
        });

    [Fact]
    public void Completed_without_a_reply_and_without_a_bounce_always_drains_completed() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var d = DrainClassifier.Classify(lead with { Status = 3, EmailReplyCount = 0, BounceSmtpCode = null, LtInterestStatus = null }, policy, Now);
            Assert.Equal(DrainReason.Completed, Assert.IsType<DrainDecision.Drain>(d).Reason);
            Assert.Null(d.SuppressionReason);
        });

    [Fact]
    public void An_active_or_paused_lead_is_never_deleted_for_a_reply_or_a_label() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var young = lead with { Status = lead.Status is 1 or 2 ? lead.Status : 1, CreatedAt = Now.AddDays(-1), BounceSmtpCode = null };
            Assert.IsType<DrainDecision.Keep>(DrainClassifier.Classify(young, policy, Now));
        });

    [Fact]
    public void An_out_of_office_label_never_suppresses_while_detection_is_on() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var ooo = lead with { Status = lead.Status is -1 or -2 ? 1 : lead.Status, LtInterestStatus = 0, BounceSmtpCode = null };
            Assert.Null(DrainClassifier.Classify(ooo, policy with { AutoReplyDetection = true }, Now).SuppressionReason);
        });
}
