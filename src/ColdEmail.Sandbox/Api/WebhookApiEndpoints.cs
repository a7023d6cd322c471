using System.Globalization;
using System.Text.Json;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Sandbox.Api;

/// <summary>
/// <c>/api/v2/webhooks</c> (list, create, get, patch, delete, resume, test, event-types) and the delivery log
/// <c>/api/v2/webhook-events</c> (list with the <c>success</c>, <c>from</c>/<c>to</c> and <c>search</c> filters, get, summary),
/// as the official schema describes them. Deliveries themselves are the <see cref="WebhookDispatcher"/>'s.
/// </summary>
internal static class WebhookApiEndpoints
{
    private const string Root = "/api/v2/webhooks";
    private const string Events = "/api/v2/webhook-events";

    private static readonly string[] EventTypes =
    [
        "all_events", "email_sent", "email_opened", "email_link_clicked", "reply_received", "email_bounced", "lead_unsubscribed",
        "campaign_completed", "account_error", "lead_neutral", "lead_interested", "lead_not_interested", "lead_meeting_booked",
        "lead_meeting_completed", "lead_closed", "lead_out_of_office", "lead_wrong_person", "lead_no_show", "supersearch_enrichment_completed",
    ];

    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet(Root, ctx => List(ctx, rt));
        app.MapPost(Root, ctx => Create(ctx, rt));
        app.MapGet(Root + "/event-types", ctx => ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("event_types");
            foreach (var t in EventTypes.Skip(1))
            {
                w.WriteStartObject();
                w.WriteString("id", t);
                w.WriteString("label", CultureInfo.InvariantCulture.TextInfo.ToTitleCase(t.Replace('_', ' ')));
                w.WriteString("type", "standard");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
        app.MapGet(Root + "/{id}", ctx => WithHook(ctx, rt, hook => Write(ctx, rt, hook)));
        app.MapPatch(Root + "/{id}", ctx => Patch(ctx, rt));
        app.MapDelete(Root + "/{id}", ctx => WithId(ctx, rt, id => rt.Webhooks.Remove(id)));
        app.MapPost(Root + "/{id}/resume", ctx => WithId(ctx, rt, id => rt.Webhooks.Update(id, h =>
        {
            h.Status = 1;
            h.TimestampError = null;
            h.ConsecutiveFailures = 0;
        })));
        app.MapPost(Root + "/{id}/test", ctx => Test(ctx, rt));
        app.MapGet(Events, ctx => ListEvents(ctx, rt));
        app.MapGet(Events + "/summary", ctx => Summary(ctx, rt));
        app.MapGet(Events + "/{id}", async ctx =>
        {
            var id = (string)ctx.Request.RouteValues["id"]!;
            if (rt.Webhooks.Event(id) is not { } e) await ApiResponses.Error(ctx, 404, "Resource not found");
            else await ApiResponses.Json(ctx, w => WriteEvent(w, e, rt.State.OrganizationId));
        });
    }

    private static async Task List(HttpContext ctx, SandboxRuntime rt)
    {
        if (await Limit(ctx) is not { } limit) return;
        var q = ctx.Request.Query;
        var items = rt.Webhooks.List(limit, q["starting_after"], q["campaign"], q["event_type"]);
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var h in items) WriteHook(w, h, rt.State.OrganizationId);
            w.WriteEndArray();
            if (items.Count > 0) w.WriteString("next_starting_after", items[^1].Id);
            w.WriteEndObject();
        });
    }

    private static async Task Create(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", Root, rt.Strict);
        if (doc is null) return;
        var b = doc.RootElement;
        if (Fields.Str(b, "target_hook_url") is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await ApiResponses.Error(ctx, 400, "body/target_hook_url must match pattern \"^https?://\"");
            return;
        }
        var hook = rt.Webhooks.Add(url, Fields.Str(b, "event_type"), Fields.Str(b, "campaign"), Fields.Str(b, "name"), Number(b, "custom_interest_value"), Headers(b));
        await Write(ctx, rt, hook);
    }

    private static async Task Patch(HttpContext ctx, SandboxRuntime rt)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        using var doc = await RequestBody.ReadAsync(ctx, "PATCH", Root + "/{id}", rt.Strict);
        if (doc is null) return;
        var b = doc.RootElement;
        var hook = rt.Webhooks.Update(id, h =>
        {
            if (b.TryGetProperty("target_hook_url", out _)) h.TargetHookUrl = Fields.Str(b, "target_hook_url") ?? h.TargetHookUrl;
            if (b.TryGetProperty("event_type", out _)) h.EventType = Fields.Str(b, "event_type");
            if (b.TryGetProperty("campaign", out _)) h.Campaign = Fields.Str(b, "campaign");
            if (b.TryGetProperty("name", out _)) h.Name = Fields.Str(b, "name");
            if (b.TryGetProperty("headers", out _)) h.Headers = Headers(b);
            if (b.TryGetProperty("custom_interest_value", out _)) h.CustomInterestValue = Number(b, "custom_interest_value");
        });
        if (hook is null) await ApiResponses.Error(ctx, 404, "Resource not found");
        else await Write(ctx, rt, hook);
    }

    private static async Task Test(HttpContext ctx, SandboxRuntime rt)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (rt.Webhooks.Get(id) is not { } hook)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        var (ok, status, ms, error) = await rt.Dispatcher.TestAsync(hook);
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("success", ok);
            w.WriteString("message", ok ? "Webhook test successful" : "Webhook test failed");
            w.WriteNumber("response_time_ms", ms);
            if (status is { } s) w.WriteNumber("status_code", s);
            if (error is not null) w.WriteString("error", error);
            w.WriteEndObject();
        });
    }

    private static async Task ListEvents(HttpContext ctx, SandboxRuntime rt)
    {
        if (await Limit(ctx) is not { } limit) return;
        var q = ctx.Request.Query;
        bool? success = q["success"].ToString() switch { "true" => true, "false" => false, "" => null, _ => null };
        if (q["success"].Count > 0 && success is null)
        {
            await ApiResponses.Error(ctx, 400, "querystring/success must be boolean");
            return;
        }
        if (!TryDate(q["from"], out var from) || !TryDate(q["to"], out var to))
        {
            await ApiResponses.Error(ctx, 400, "querystring/from and querystring/to must be dates (YYYY-MM-DD)");
            return;
        }
        var search = q["search"].ToString();
        var items = rt.Webhooks.Events(limit, q["starting_after"], success, from, to, search.Length == 0 ? null : search);
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var e in items) WriteEvent(w, e, rt.State.OrganizationId);
            w.WriteEndArray();
            if (items.Count > 0) w.WriteString("next_starting_after", items[^1].Id);
            w.WriteEndObject();
        });
    }

    private static async Task Summary(HttpContext ctx, SandboxRuntime rt)
    {
        var q = ctx.Request.Query;
        if (!TryDate(q["from"], out var from) || !TryDate(q["to"], out var to))
        {
            await ApiResponses.Error(ctx, 400, "querystring/from and querystring/to must be dates (YYYY-MM-DD)");
            return;
        }
        var all = rt.Webhooks.Events(int.MaxValue, null, null, from, to, null);
        var ok = all.Count(e => e.Success);
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total_events", all.Count);
            w.WriteNumber("successful_events", ok);
            w.WriteNumber("failed_events", all.Count - ok);
            w.WriteNumber("success_rate", all.Count == 0 ? 0 : Math.Round(100.0 * ok / all.Count, 2));
            w.WriteNumber("failure_rate", all.Count == 0 ? 0 : Math.Round(100.0 * (all.Count - ok) / all.Count, 2));
            w.WriteEndObject();
        });
    }

    private static async Task WithHook(HttpContext ctx, SandboxRuntime rt, Func<SandboxWebhook, Task> then)
    {
        var id = (string)ctx.Request.RouteValues["id"]!;
        if (rt.Webhooks.Get(id) is { } hook) await then(hook);
        else await ApiResponses.Error(ctx, 404, "Resource not found");
    }

    private static async Task WithId(HttpContext ctx, SandboxRuntime rt, Func<string, SandboxWebhook?> act)
    {
        if (act((string)ctx.Request.RouteValues["id"]!) is { } hook) await Write(ctx, rt, hook);
        else await ApiResponses.Error(ctx, 404, "Resource not found");
    }

    private static Task Write(HttpContext ctx, SandboxRuntime rt, SandboxWebhook hook) =>
        ApiResponses.Json(ctx, w => WriteHook(w, hook, rt.State.OrganizationId));

    private static void WriteHook(Utf8JsonWriter w, SandboxWebhook h, string org)
    {
        w.WriteStartObject();
        w.WriteString("id", h.Id);
        w.WriteString("organization", org);
        if (h.Campaign is null) w.WriteNull("campaign"); else w.WriteString("campaign", h.Campaign);
        if (h.Name is null) w.WriteNull("name"); else w.WriteString("name", h.Name);
        w.WriteString("target_hook_url", h.TargetHookUrl);
        if (h.EventType is null) w.WriteNull("event_type"); else w.WriteString("event_type", h.EventType);
        if (h.CustomInterestValue is { } civ) w.WriteNumber("custom_interest_value", civ); else w.WriteNull("custom_interest_value");
        if (h.Headers is null) w.WriteNull("headers");
        else
        {
            w.WriteStartObject("headers");
            foreach (var (k, v) in h.Headers) w.WriteString(k, v);
            w.WriteEndObject();
        }
        w.WriteString("timestamp_created", Stamp(h.TimestampCreated));
        w.WriteNumber("status", h.Status);
        if (h.TimestampError is { } te) w.WriteString("timestamp_error", Stamp(te)); else w.WriteNull("timestamp_error");
        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, SandboxWebhookEvent e, string org)
    {
        w.WriteStartObject();
        w.WriteString("id", e.Id);
        w.WriteString("timestamp_created", Stamp(e.TimestampCreated));
        w.WriteString("timestamp_created_date", e.TimestampCreated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteString("organization_id", org);
        w.WritePropertyName("payload");
        using (var payload = JsonDocument.Parse(e.PayloadJson)) payload.RootElement.WriteTo(w);
        w.WriteBoolean("success", e.Success);
        w.WriteNumber("retry_count", 0);
        w.WriteBoolean("will_retry", false);
        w.WriteString("webhook_url", e.WebhookUrl);
        if (e.StatusCode is { } s) w.WriteNumber("status_code", s); else w.WriteNull("status_code");
        if (e.ErrorMessage is null) w.WriteNull("error_message"); else w.WriteString("error_message", e.ErrorMessage);
        w.WriteNull("timestamp_next_retry");
        w.WriteNull("retry_group_id");
        w.WriteNull("retry_successful");
        if (e.LeadEmail is null) w.WriteNull("lead_email"); else w.WriteString("lead_email", e.LeadEmail);
        if (e.ResponseTimeMs is { } ms) w.WriteNumber("response_time_ms", ms); else w.WriteNull("response_time_ms");
        w.WriteEndObject();
    }

    private static async Task<int?> Limit(HttpContext ctx)
    {
        var raw = ctx.Request.Query["limit"].ToString();
        if (raw.Length == 0) return 10;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 100) return n;
        await ApiResponses.Error(ctx, 400, "querystring/limit must be >= 1 and <= 100");
        return null;
    }

    private static bool TryDate(string? raw, out DateOnly? date)
    {
        date = null;
        if (string.IsNullOrEmpty(raw)) return true;
        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        date = d;
        return true;
    }

    private static double? Number(JsonElement b, string name) =>
        b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static Dictionary<string, string>? Headers(JsonElement b) =>
        b.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
            ? h.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : null;

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
