using System.Globalization;
using System.Text.Json;
using ColdEmail.Instantly.Http;

namespace ColdEmail.Instantly.Webhooks;

/// <summary>Reads and writes the webhook schemas. A missing required field or one of the wrong JSON kind makes the answer invalid.</summary>
internal static class WebhookWire
{
    public static PooledBuffer Create(CreateWebhookRequest request)
    {
        var buffer = new PooledBuffer();
        try
        {
            using var w = new Utf8JsonWriter(buffer);
            w.WriteStartObject();
            w.WriteString("target_hook_url", request.TargetHookUrl);
            if (request.EventType is null) w.WriteNull("event_type");
            else w.WriteString("event_type", request.EventType);
            if (request.CampaignId is not null) w.WriteString("campaign", request.CampaignId);
            if (request.Name is not null) w.WriteString("name", request.Name);
            if (request.Headers is { Count: > 0 } headers)
            {
                w.WriteStartObject("headers");
                foreach (var (k, v) in headers) w.WriteString(k, v);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return buffer;
    }

    public static (bool Ok, InstantlyWebhook Value) Webhook(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || Str(e, "id") is not { } id || Str(e, "target_hook_url") is not { } url) return (false, null!);
        if (!Kind(e, "status", JsonValueKind.Number) || !Kind(e, "event_type", JsonValueKind.String)) return (false, null!);
        int? status = e.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.Number ? (int)s.GetDouble() : null;
        return (true, new InstantlyWebhook(id, url, Str(e, "event_type"), Str(e, "campaign"), Str(e, "name"), status,
            Time(e, "timestamp_error"), Time(e, "timestamp_created")));
    }

    public static (bool Ok, WebhookPage Value) WebhookPage(JsonElement root)
    {
        if (!Items(root, out var items)) return (false, null!);
        var list = new List<InstantlyWebhook>();
        foreach (var item in items.EnumerateArray())
        {
            var (ok, hook) = Webhook(item);
            if (!ok) return (false, null!);
            list.Add(hook);
        }
        return (true, new WebhookPage(list, Str(root, "next_starting_after")));
    }

    public static (bool Ok, WebhookDeliveryPage Value) DeliveryPage(JsonElement root)
    {
        if (!Items(root, out var items)) return (false, null!);
        var list = new List<WebhookDelivery>();
        foreach (var e in items.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object || Str(e, "id") is not { } id || Time(e, "timestamp_created") is not { } created
                || !e.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return (false, null!);
            string? payload = e.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetRawText() : null;
            list.Add(new WebhookDelivery(id, created, success.GetBoolean(), Int(e, "retry_count") ?? 0,
                e.TryGetProperty("will_retry", out var wr) && wr.ValueKind == JsonValueKind.True, Str(e, "webhook_url") ?? "",
                Int(e, "status_code"), Str(e, "error_message"), payload));
        }
        return (true, new WebhookDeliveryPage(list, Str(root, "next_starting_after")));
    }

    public static string EventsQuery(WebhookDeliveryQuery q)
    {
        var parts = new List<string> { "limit=" + q.Limit.ToString(CultureInfo.InvariantCulture) };
        if (q.Success is { } success) parts.Add("success=" + (success ? "true" : "false"));
        if (q.From is { } from) parts.Add("from=" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (q.To is { } to) parts.Add("to=" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (q.StartingAfter is { } after) parts.Add("starting_after=" + Uri.EscapeDataString(after));
        return "api/v2/webhook-events?" + string.Join('&', parts);
    }

    private static bool Items(JsonElement root, out JsonElement items)
    {
        items = default;
        return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out items) && items.ValueKind == JsonValueKind.Array;
    }

    /// <summary>True when the field is absent, null or of the expected kind.</summary>
    private static bool Kind(JsonElement e, string name, JsonValueKind kind) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null || v.ValueKind == kind;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (int)v.GetDouble() : null;

    private static DateTimeOffset? Time(JsonElement e, string name) =>
        Str(e, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
