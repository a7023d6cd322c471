using System.Globalization;
using System.Text.Json;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Sandbox.Api;

/// <summary>Campaigns: list, get, analytics.</summary>
internal static class CampaignEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet("/api/v2/campaigns", ctx => List(ctx, rt));
        app.MapGet("/api/v2/campaigns/analytics", ctx => Analytics(ctx, rt));
        app.MapGet("/api/v2/campaigns/{id}", ctx => Get(ctx, rt));
        app.MapPost("/api/v2/campaigns/{id}/pause", ctx => SetStatus(ctx, rt, 2));
        app.MapPost("/api/v2/campaigns/{id}/activate", ctx => SetStatus(ctx, rt, 1));
    }

    // A paused campaign sends nothing until it is activated again (the engine skips it).
    private static async Task SetStatus(HttpContext ctx, SandboxRuntime rt, int status)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var id = ctx.GetRouteValue("id") as string ?? "";
        if (!Guid.TryParse(id, out _))
        {
            await ApiResponses.Error(ctx, 400, "params/id must match format \"uuid\"");
            return;
        }
        if (rt.State.SetCampaignStatus(id, status) is not { } campaign)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        await ApiResponses.Json(ctx, w => Write(w, campaign, rt.State.OrganizationId));
    }

    private static async Task List(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var limit = 100;
        if (ctx.Request.Query["limit"].ToString() is { Length: > 0 } raw)
        {
            if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100)
            {
                await ApiResponses.Error(ctx, 400, "querystring/limit must be <= 100 and >= 1");
                return;
            }
        }
        var after = ctx.Request.Query["starting_after"].ToString();
        var search = ctx.Request.Query["search"].ToString();
        var campaigns = rt.State.Campaigns
            .Where(c => search.Length == 0 || c.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Where(c => after.Length == 0 || string.CompareOrdinal(c.Id, after) > 0)
            .Take(limit).ToList();
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var c in campaigns) Write(w, c, rt.State.OrganizationId);
            w.WriteEndArray();
            if (campaigns.Count > 0) w.WriteString("next_starting_after", campaigns[^1].Id);
            w.WriteEndObject();
        });
    }

    private static async Task Get(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var id = ctx.GetRouteValue("id") as string ?? "";
        if (!Guid.TryParse(id, out _))
        {
            await ApiResponses.Error(ctx, 400, "params/id must match format \"uuid\"");
            return;
        }
        if (rt.State.Campaign(id) is not { } campaign)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        await ApiResponses.Json(ctx, w => Write(w, campaign, rt.State.OrganizationId));
    }

    private static async Task Analytics(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var ids = ctx.Request.Query["ids"].Concat(ctx.Request.Query["id"]).OfType<string>()
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var name in new[] { "start_date", "end_date" })
            if (ctx.Request.Query[name].ToString() is { Length: > 0 } date
                && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                // The analytics endpoints answer 400 with {"message"} only, unlike the envelope elsewhere.
                await ApiResponses.Json(ctx, w => { w.WriteStartObject(); w.WriteString("message", $"{name} must be a date (YYYY-MM-DD)"); w.WriteEndObject(); }, 400);
                return;
            }
        var targets = ids.Count == 0 ? rt.State.Campaigns.Select(c => c.Id).ToList() : ids;
        var counters = targets.Select(rt.State.Analytics).OfType<CampaignCounters>().ToList();
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartArray();
            foreach (var c in counters)
            {
                w.WriteStartObject();
                w.WriteString("campaign_name", c.CampaignName);
                w.WriteString("campaign_id", c.CampaignId);
                w.WriteNumber("campaign_status", c.CampaignStatus);
                w.WriteBoolean("campaign_is_evergreen", false);
                w.WriteNumber("leads_count", c.LeadsCount);
                w.WriteNumber("contacted_count", c.ContactedCount);
                w.WriteNumber("emails_sent_count", c.EmailsSentCount);
                w.WriteNumber("new_leads_contacted_count", c.ContactedCount);
                w.WriteNumber("open_count", c.OpenCount);
                w.WriteNumber("open_count_unique", c.OpenCountUnique);
                w.WriteNumber("reply_count", c.ReplyCount);
                w.WriteNumber("reply_count_unique", c.ReplyCount);
                w.WriteNumber("reply_count_automatic", c.ReplyCountAutomatic);
                w.WriteNumber("link_click_count", c.LinkClickCount);
                w.WriteNumber("bounced_count", c.BouncedCount);
                w.WriteNumber("unsubscribed_count", c.UnsubscribedCount);
                w.WriteNumber("completed_count", c.CompletedCount);
                w.WriteNumber("total_opportunities", 0);
                w.WriteNumber("total_opportunity_value", 0);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    internal static void Write(Utf8JsonWriter w, SandboxCampaign c, string organizationId)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteNumber("status", c.Status);
        w.WriteString("organization", organizationId);
        w.WriteNumber("daily_limit", c.DailyLimit);
        w.WriteNumber("daily_max_leads", c.DailyLimit);
        w.WriteBoolean("stop_on_reply", true);
        w.WriteBoolean("stop_on_auto_reply", false);
        w.WriteNumber("email_gap", 3);
        w.WriteBoolean("open_tracking", true);
        w.WriteBoolean("link_tracking", true);
        w.WriteStartObject("campaign_schedule");
        w.WriteStartArray("schedules");
        w.WriteStartObject();
        w.WriteString("name", "Weekdays");
        w.WriteStartObject("timing"); w.WriteString("from", "09:00"); w.WriteString("to", "17:00"); w.WriteEndObject();
        w.WriteStartObject("days");
        for (var d = 0; d < 7; d++) w.WriteBoolean(d.ToString(CultureInfo.InvariantCulture), true);
        w.WriteEndObject();
        w.WriteString("timezone", "Etc/UTC");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("sequences");
        w.WriteStartObject();
        w.WriteStartArray("steps");
        for (var s = 0; s < c.SequenceLength; s++)
        {
            w.WriteStartObject();
            w.WriteString("type", "email");
            w.WriteNumber("delay", s == 0 ? 0 : c.StepDelayDays);
            w.WriteString("delay_unit", "days");
            w.WriteStartArray("variants");
            w.WriteStartObject();
            w.WriteString("subject", s == 0 ? "Quick question, {{first_name}}" : "Re: Quick question");
            w.WriteString("body", "Hi {{first_name}}, …");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        LeadJson.Time(w, "timestamp_created", c.TimestampCreated);
        LeadJson.Time(w, "timestamp_updated", c.TimestampCreated);
        w.WriteEndObject();
    }
}
