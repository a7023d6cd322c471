using System.Diagnostics.Metrics;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// Webhook counters on the "ColdEmail" meter (exported per /work HTTP conventions):
/// <c>coldemail_webhooks_received_total{event,result}</c> for every delivery the receiver answered (result: accepted,
/// duplicate, ignored, wrong_token, disabled, too_large, malformed, unknown_event, unavailable) and
/// <c>coldemail_webhooks_replayed_total{result}</c> for events taken from Instantly's delivery log (accepted, duplicate,
/// ignored, refused). <c>event</c> is one of Instantly's documented types or "unknown": never free text, an address or the token.
/// </summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "ColdEmail";
    public const string Unknown = "unknown";

    private readonly Counter<long> _received;
    private readonly Counter<long> _replayed;

    public WebhookMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _received = meter.CreateCounter<long>("coldemail.webhooks.received", "{event}", "Instantly webhook deliveries answered, by event type and result");
        _replayed = meter.CreateCounter<long>("coldemail.webhooks.replayed", "{event}", "Events replayed from Instantly's log of failed deliveries, by result");
    }

    public void Received(string? eventType, string result, long count = 1) =>
        _received.Add(count, new KeyValuePair<string, object?>("event", Label(eventType)), new KeyValuePair<string, object?>("result", result));

    public void Replayed(string result, long count = 1)
    {
        if (count > 0) _replayed.Add(count, new KeyValuePair<string, object?>("result", result));
    }

    /// <summary>Only documented types become label values, so a sender cannot mint series (or leak text) through event_type.</summary>
    private static string Label(string? eventType) =>
        eventType is not null && Domain.Webhooks.WebhookEventTypes.Classify(eventType) is not null ? eventType : Unknown;
}
