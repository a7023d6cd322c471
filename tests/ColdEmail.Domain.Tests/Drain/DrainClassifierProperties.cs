using ColdEmail.Domain.Drain;
using CsCheck;

namespace ColdEmail.Domain.Tests.Drain;

public class DrainClassifierProperties
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<LeadSnapshot> GenLead =
        from status in Gen.OneOfConst(1, 2, 3, -1, -2, -3, 0, 4, 99)
        from replies in Gen.Int[0, 3]
        from interest in Gen.OneOfConst<int?>(null, 0, 1, 2, -1)
        from ageDays in Gen.Int[-5, 400]
        from bouncedDays in Gen.Int[-5, 30].Nullable()
        from smtp in Gen.OneOfConst<int?>(null, 421, 450, 550, 551, 553)
        from autoReply in Gen.Bool
        from pauseDays in Gen.Int[-10, 10].Nullable()
        select new LeadSnapshot("id", "a@b.com", "c", status, replies, interest, Now.AddDays(-ageDays),
            bouncedDays is { } b ? Now.AddDays(-b) : null, smtp, autoReply, pauseDays is { } p ? Now.AddDays(p) : null);

    private static readonly Gen<DrainPolicy> GenPolicy =
        from auto in Gen.Bool
        from immediate in Gen.Bool
        select new DrainPolicy(AutoReplyDetection: auto, DrainRepliesImmediately: immediate);

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
                Assert.True(Now - (lead.BouncedAt ?? lead.CreatedAt) >= TimeSpan.FromDays(policy.BounceGraceDays));
        });

    [Fact]
    public void Completed_without_a_reply_and_without_a_bounce_always_drains_completed() =>
        Gen.Select(GenLead, GenPolicy).Sample((lead, policy) =>
        {
            var d = DrainClassifier.Classify(lead with { Status = 3, EmailReplyCount = 0, BounceSmtpCode = null }, policy, Now);
            Assert.Equal(DrainReason.Completed, Assert.IsType<DrainDecision.Drain>(d).Reason);
        });
}
