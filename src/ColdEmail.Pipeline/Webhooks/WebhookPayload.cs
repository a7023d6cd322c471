using System.Globalization;
using System.Text.Json;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Webhooks;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>Why a delivery was refused (the metric's result label and the 4xx answer).</summary>
public enum WebhookRefusal
{
    Malformed,
    UnknownEvent,
}

/// <summary>A parsed delivery: a fact to keep, an event we ignore (documented but irrelevant), or a refusal with its reason.</summary>
public sealed record WebhookParse(WebhookFact? Fact, string? EventType, WebhookRefusal? Refusal, string Message)
{
    public bool Ignored => Fact is null && Refusal is null;
}

/// <summary>
/// Reads Instantly's webhook payload (reference notes §7): <c>event_type</c>, <c>timestamp</c>, <c>campaign_id</c> and,
/// for the events we apply, <c>lead_email</c>, normalised here, once, with <see cref="EmailIdentity"/>. The receiver and
/// the replay of the delivery log both parse through this, so a replayed event gets the same dedupe key. Messages never
/// quote the address.
/// </summary>
public static class WebhookPayload
{
    public static WebhookParse Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            return Parse(doc.RootElement);
        }
        catch (JsonException e)
        {
            return Refuse(null, WebhookRefusal.Malformed, $"the body is not JSON ({e.Message})");
        }
    }

    public static WebhookParse Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    public static WebhookParse Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return Refuse(null, WebhookRefusal.Malformed, "the body is not a JSON object");
        if (Str(root, "event_type") is not { Length: > 0 } type) return Refuse(null, WebhookRefusal.Malformed, "event_type is missing");
        if (WebhookEventTypes.Classify(type) is not { } kind) return Refuse(type, WebhookRefusal.UnknownEvent, "event_type is not one we know");
        if (kind.Kind == WebhookEventKind.Ignored) return new(null, type, null, $"{type} is ignored");
        if (Str(root, "timestamp") is not { } stamp
            || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Refuse(type, WebhookRefusal.Malformed, "timestamp is missing or not a date-time");
        var email = EmailIdentity.Normalise(Str(root, "lead_email"));
        if (!email.IsUsable) return Refuse(type, WebhookRefusal.Malformed, $"lead_email: {email.Reason}");
        var campaign = Str(root, "campaign_id");
        int? step = root.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) ? n : null;
        var key = WebhookEventKey.Of(type, email.Email!, campaign, stamp, Str(root, "email_id"), step);
        return new(new WebhookFact(key, type, email.Email!, campaign, at), type, null, "accepted");
    }

    private static WebhookParse Refuse(string? type, WebhookRefusal why, string message) => new(null, type, why, message);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
