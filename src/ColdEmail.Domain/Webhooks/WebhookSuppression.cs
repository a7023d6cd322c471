using ColdEmail.Domain.Drain;

namespace ColdEmail.Domain.Webhooks;

/// <summary>What a webhook event decides: the suppression reason (null: nobody is suppressed now) and why.</summary>
public sealed record WebhookVerdict(string? SuppressionReason, string Explanation);

/// <summary>
/// The contact-safety rules applied to one webhook event, the same ones the drain applies to a lead it polls
/// (<see cref="SuppressionPolicy"/>, <see cref="InterestLabels"/>, <see cref="BounceClock"/>'s grace):
/// <list type="bullet">
/// <item>an unsubscribe suppresses at once;</item>
/// <item>a <c>reply_received</c> is a genuine reply: Instantly delivers auto-replies as <c>auto_reply_received</c>, which
///   is exactly the reading the drain's reply-label grace waits for, so there is nothing left to wait for;</item>
/// <item>an interest label suppresses by its code (Lost and No show do not by default: cooldown);</item>
/// <item>an auto-reply or out-of-office suppresses nobody;</item>
/// <item>a bounce suppresses once the bounce grace since the event has passed (a replayed old event), else the drain
///   decides when the grace ends, as for a bounce it polls.</item>
/// </list>
/// </summary>
public static class WebhookSuppression
{
    public static WebhookVerdict Assess(WebhookFact fact, DrainPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fact);
        ArgumentNullException.ThrowIfNull(policy);
        var type = WebhookEventTypes.Classify(fact.EventType)
            ?? throw new ArgumentException($"unknown webhook event type '{fact.EventType}'", nameof(fact));
        return type.Kind switch
        {
            WebhookEventKind.Unsubscribe => Verdict(policy, SuppressionPolicy.Unsubscribed, "the lead unsubscribed (lead_unsubscribed)"),
            WebhookEventKind.Reply => Verdict(policy, SuppressionPolicy.Replied, "a person replied (reply_received, not an auto-reply)"),
            WebhookEventKind.Label => Verdict(policy, InterestLabels.Code(type.Label!.Value), $"labelled {InterestLabels.Code(type.Label!.Value)} ({fact.EventType})"),
            WebhookEventKind.AutoReply => new(null, $"{fact.EventType}: an auto-reply is not a reply"),
            WebhookEventKind.Bounce => Bounce(fact, policy, now),
            _ => new(null, $"{fact.EventType} has no bearing on contact safety"),
        };
    }

    private static WebhookVerdict Bounce(WebhookFact fact, DrainPolicy policy, DateTimeOffset now)
    {
        var graceEnds = fact.OccurredAt.AddDays(policy.BounceGraceDays);
        return now >= graceEnds
            ? Verdict(policy, SuppressionPolicy.BouncedHard, $"bounced on {Days.Day(fact.OccurredAt)}, grace of {policy.BounceGraceDays} days over")
            : new(null, $"bounced on {Days.Day(fact.OccurredAt)}: bounce grace until {Days.Day(graceEnds)}, the drain decides then");
    }

    private static WebhookVerdict Verdict(DrainPolicy policy, string reason, string why) =>
        policy.Suppression.Suppresses(reason)
            ? new(reason, why)
            : new(null, $"{why}; {reason} does not suppress (coldemail.suppression)");
}
