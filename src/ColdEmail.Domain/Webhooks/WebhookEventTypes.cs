using ColdEmail.Domain.Drain;

namespace ColdEmail.Domain.Webhooks;

/// <summary>What an Instantly webhook event means for contact safety.</summary>
public enum WebhookEventKind
{
    /// <summary>A person replied (Instantly sends auto-replies as <c>auto_reply_received</c>, never as this).</summary>
    Reply,
    /// <summary><c>auto_reply_received</c> or <c>lead_out_of_office</c>: not a reply.</summary>
    AutoReply,
    Unsubscribe,
    Bounce,
    /// <summary>An interest label (<see cref="InterestLabels"/>), e.g. <c>lead_not_interested</c>.</summary>
    Label,
    /// <summary>A documented event with no bearing on who may be contacted (sent, opened, clicked, campaign completed…).</summary>
    Ignored,
}

/// <summary>
/// Instantly's delivered <c>payload.event_type</c> values (reference notes A2) and what each one is. Custom labels arrive
/// as the workspace's raw label text, which cannot be told from a typo or a new event type, so they are unknown here:
/// we subscribe to the standard label events only.
/// </summary>
public static class WebhookEventTypes
{
    public const string ReplyReceived = "reply_received";
    public const string AutoReplyReceived = "auto_reply_received";
    public const string LeadUnsubscribed = "lead_unsubscribed";
    public const string EmailBounced = "email_bounced";
    public const string LeadOutOfOffice = "lead_out_of_office";

    private static readonly Dictionary<string, (WebhookEventKind Kind, int? Label)> Known = new(StringComparer.Ordinal)
    {
        [ReplyReceived] = (WebhookEventKind.Reply, null),
        [AutoReplyReceived] = (WebhookEventKind.AutoReply, null),
        [LeadOutOfOffice] = (WebhookEventKind.AutoReply, InterestLabels.OutOfOffice),
        [LeadUnsubscribed] = (WebhookEventKind.Unsubscribe, null),
        [EmailBounced] = (WebhookEventKind.Bounce, null),
        ["lead_interested"] = (WebhookEventKind.Label, InterestLabels.Interested),
        ["lead_meeting_booked"] = (WebhookEventKind.Label, InterestLabels.MeetingBooked),
        ["lead_meeting_completed"] = (WebhookEventKind.Label, InterestLabels.MeetingCompleted),
        ["lead_closed"] = (WebhookEventKind.Label, InterestLabels.Won),
        ["lead_not_interested"] = (WebhookEventKind.Label, InterestLabels.NotInterested),
        ["lead_wrong_person"] = (WebhookEventKind.Label, InterestLabels.WrongPerson),
        ["lead_no_show"] = (WebhookEventKind.Label, InterestLabels.NoShow),
        // Neutral is the absence of a reading (the label was cleared), not a person's verdict on a reply.
        ["lead_neutral"] = (WebhookEventKind.Ignored, null),
        ["email_sent"] = (WebhookEventKind.Ignored, null),
        ["email_opened"] = (WebhookEventKind.Ignored, null),
        ["link_clicked"] = (WebhookEventKind.Ignored, null),
        ["email_link_clicked"] = (WebhookEventKind.Ignored, null),
        ["campaign_completed"] = (WebhookEventKind.Ignored, null),
        ["account_error"] = (WebhookEventKind.Ignored, null),
        ["supersearch_enrichment_completed"] = (WebhookEventKind.Ignored, null),
    };

    /// <summary>
    /// The subscriptions <c>coldemail webhooks register</c> creates (Instantly's <c>Webhook.event_type</c> enum: one
    /// event type per webhook). <c>auto_reply_received</c> has no subscription of its own; it is handled when delivered.
    /// </summary>
    public static readonly IReadOnlyList<string> Subscribed =
    [
        ReplyReceived, LeadUnsubscribed, EmailBounced, LeadOutOfOffice, "lead_interested", "lead_not_interested",
        "lead_meeting_booked", "lead_meeting_completed", "lead_closed", "lead_wrong_person", "lead_no_show",
    ];

    /// <summary>The kind and interest label of a delivered event type, or null when the type is unknown.</summary>
    public static (WebhookEventKind Kind, int? Label)? Classify(string? eventType) =>
        eventType is not null && Known.TryGetValue(eventType, out var known) ? known : null;
}
