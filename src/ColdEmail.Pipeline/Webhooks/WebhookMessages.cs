using ColdEmail.Domain.Webhooks;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>Events from the receiver or the replay; answered with <see cref="WebhookEventsReceived"/> once journalled.</summary>
public sealed record ReceiveWebhookEvents(IReadOnlyList<WebhookFact> Facts);

/// <summary>How many of the facts were new (journalled, to be applied) and how many had been seen before.</summary>
public sealed record WebhookEventsReceived(int Accepted, int Duplicates);

/// <summary>Asks for <see cref="WebhookInboxStatus"/> (status page, tests; not on the hot path).</summary>
public sealed record GetWebhookInboxStatus
{
    public static readonly GetWebhookInboxStatus Instance = new();
}

/// <summary>Counts since the actor started, what waits to be applied, and the last application problem (no addresses).</summary>
public sealed record WebhookInboxStatus(
    long Accepted,
    long Duplicates,
    long Applied,
    long Suppressed,
    int Pending,
    int Remembered,
    DateTimeOffset? LastReceivedAt,
    DateTimeOffset? LastAppliedAt,
    string? LastError);

/// <summary>A journal event of the webhook inbox.</summary>
public interface IWebhookInboxEvent;

/// <summary>New events accepted: remembered for dedupe and pending until applied.</summary>
public sealed record WebhookEventsRecorded(IReadOnlyList<WebhookFact> Facts, DateTimeOffset At) : IWebhookInboxEvent;

/// <summary>These events were applied to the warehouse (suppressions written).</summary>
public sealed record WebhookEventsApplied(IReadOnlyList<string> Keys, DateTimeOffset At) : IWebhookInboxEvent;

/// <summary>A key remembered for dedupe and when it was first received.</summary>
public sealed record SeenWebhookEvent(string Key, DateTimeOffset At);

/// <summary>The inbox's snapshot: the keys still remembered and the facts not applied yet.</summary>
public sealed record WebhookInboxSnapshot(IReadOnlyList<SeenWebhookEvent> Seen, IReadOnlyList<WebhookFact> Pending);
