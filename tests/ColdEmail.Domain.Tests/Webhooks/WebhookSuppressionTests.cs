using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Webhooks;

namespace ColdEmail.Domain.Tests.Webhooks;

public class WebhookSuppressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 12, 0, 0, TimeSpan.Zero);

    private static WebhookFact Fact(string type, DateTimeOffset? at = null) => new("k", type, "jane@acme.com", "c1", at ?? Now);

    [Theory]
    [InlineData("reply_received", "replied")]
    [InlineData("lead_unsubscribed", "unsubscribed")]
    [InlineData("lead_not_interested", "not_interested")]
    [InlineData("lead_wrong_person", "wrong_person")]
    [InlineData("lead_interested", "interested")]
    [InlineData("lead_meeting_booked", "meeting_booked")]
    [InlineData("lead_meeting_completed", "meeting_completed")]
    [InlineData("lead_closed", "won")]
    public void Events_that_mean_a_person_answered_or_left_suppress_at_once(string type, string reason) =>
        Assert.Equal(reason, WebhookSuppression.Assess(Fact(type), DrainPolicy.Default, Now).SuppressionReason);

    [Theory]
    [InlineData("auto_reply_received")]
    [InlineData("lead_out_of_office")]
    [InlineData("lead_no_show")]
    [InlineData("lead_neutral")]
    [InlineData("email_opened")]
    public void Auto_replies_no_shows_and_noise_suppress_nobody(string type) =>
        Assert.Null(WebhookSuppression.Assess(Fact(type), DrainPolicy.Default, Now).SuppressionReason);

    [Fact]
    public void A_fresh_bounce_waits_for_its_grace_and_an_old_one_suppresses()
    {
        Assert.Null(WebhookSuppression.Assess(Fact("email_bounced", Now.AddDays(-6)), DrainPolicy.Default, Now).SuppressionReason);
        Assert.Equal("bounced_hard", WebhookSuppression.Assess(Fact("email_bounced", Now.AddDays(-7)), DrainPolicy.Default, Now).SuppressionReason);
    }

    [Fact]
    public void The_suppression_policy_decides_which_reasons_suppress()
    {
        var policy = DrainPolicy.Default with { Suppression = new SuppressionPolicy(new HashSet<string> { "unsubscribed" }) };
        var verdict = WebhookSuppression.Assess(Fact("reply_received"), policy, Now);
        Assert.Null(verdict.SuppressionReason);
        Assert.Contains("does not suppress", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_event_types_and_custom_labels_are_not_classified()
    {
        Assert.Null(WebhookEventTypes.Classify("Hot lead"));
        Assert.Null(WebhookEventTypes.Classify(null));
        Assert.Throws<ArgumentException>(() => WebhookSuppression.Assess(Fact("Hot lead"), DrainPolicy.Default, Now));
    }

    [Fact]
    public void Every_subscribed_event_type_is_a_known_one() =>
        Assert.All(WebhookEventTypes.Subscribed, t => Assert.NotNull(WebhookEventTypes.Classify(t)));

    [Fact]
    public void The_event_key_is_stable_and_separates_what_differs()
    {
        var a = WebhookEventKey.Of("reply_received", "jane@acme.com", "c1", "2026-05-01T10:00:00.000Z", "e1", 1);
        Assert.Equal(a, WebhookEventKey.Of("reply_received", "jane@acme.com", "c1", "2026-05-01T10:00:00.000Z", "e1", 1));
        Assert.NotEqual(a, WebhookEventKey.Of("lead_unsubscribed", "jane@acme.com", "c1", "2026-05-01T10:00:00.000Z", "e1", 1));
        Assert.NotEqual(a, WebhookEventKey.Of("reply_received", "joe@acme.com", "c1", "2026-05-01T10:00:00.000Z", "e1", 1));
        Assert.NotEqual(a, WebhookEventKey.Of("reply_received", "jane@acme.com", "c1", "2026-05-01T10:00:01.000Z", "e1", 1));
        Assert.DoesNotContain("jane", a, StringComparison.Ordinal);
    }
}
