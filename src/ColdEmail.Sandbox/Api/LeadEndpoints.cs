using System.Text.Json;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Sandbox.Api;

/// <summary>The lead endpoints of /api/v2, with the real field names (<c>campaign</c> vs <c>campaign_id</c>).</summary>
internal static class LeadEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapPost("/api/v2/leads/add", ctx => BulkAdd(ctx, rt));
        app.MapPost("/api/v2/leads", ctx => Create(ctx, rt));
        app.MapPost("/api/v2/leads/list", ctx => List(ctx, rt));
        app.MapGet("/api/v2/leads/{id}", ctx => Get(ctx, rt));
        app.MapDelete("/api/v2/leads/{id}", ctx => DeleteOne(ctx, rt));
        app.MapDelete("/api/v2/leads", ctx => BulkDelete(ctx, rt));
    }

    private static async Task BulkAdd(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", "/api/v2/leads/add", rt.Strict);
        if (doc is null) return;
        var body = doc.RootElement;
        var campaignId = Fields.Str(body, "campaign_id");
        var listId = Fields.Str(body, "list_id");
        if (campaignId is not null && listId is not null)
        {
            await ApiResponses.Error(ctx, 400, "Cannot add leads to both a campaign and a list in the same request.");
            return;
        }
        if (campaignId is null)
        {
            await ApiResponses.Error(ctx, listId is null ? 400 : 404,
                listId is null ? "body must have required property 'campaign_id' or 'list_id'" : "List not found");
            return;
        }
        var leadsElement = body.GetProperty("leads");
        var leads = new List<LeadInput>(leadsElement.GetArrayLength());
        foreach (var item in leadsElement.EnumerateArray()) leads.Add(Fields.Lead(item));
        var (summary, refusal) = rt.State.BulkAdd(new BulkAddCommand(campaignId, leads,
            Fields.Bool(body, "skip_if_in_workspace"), Fields.Bool(body, "skip_if_in_campaign"), Fields.Bool(body, "skip_if_in_list")));
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        var nullError = rt.Script.Take<NullErrorFault>(SandboxOperation.BulkAdd) is not null;
        await ApiResponses.Json(ctx, w =>
        {
            var s = summary!;
            w.WriteStartObject();
            if (nullError) w.WriteNull("error");
            w.WriteString("status", "success");
            w.WriteNumber("total_sent", s.TotalSent);
            w.WriteNumber("leads_uploaded", s.LeadsUploaded);
            w.WriteNumber("in_blocklist", s.InBlocklist);
            w.WriteString("blocklist_used", s.BlocklistUsed);
            w.WriteNumber("duplicated_leads", s.DuplicatedLeads);
            w.WriteNumber("skipped_count", s.SkippedCount);
            w.WriteNumber("invalid_email_count", s.InvalidEmailCount);
            w.WriteNumber("incomplete_count", s.IncompleteCount);
            w.WriteNumber("duplicate_email_count", s.DuplicateEmailCount);
            w.WriteNumber("remaining_in_plan", s.RemainingInPlan);
            w.WriteStartArray("created_leads");
            foreach (var c in s.CreatedLeads)
            {
                w.WriteStartObject();
                w.WriteNumber("index", c.Index);
                w.WriteString("id", c.Lead.IdText);
                if (c.Lead.Email is { } email) w.WriteString("email", email);
                if (c.Lead.FirstName is { } first) w.WriteString("first_name", first);
                if (c.Lead.LastName is { } last) w.WriteString("last_name", last);
                if (c.Lead.Phone is { } phone) w.WriteString("phone", phone);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task Create(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", "/api/v2/leads", rt.Strict);
        if (doc is null) return;
        var body = doc.RootElement;
        // Only `campaign` is read: a `campaign_id` here is dropped and the lead lands in no campaign, as on the real API.
        var (lead, refusal) = rt.State.CreateLead(Fields.Lead(body), Fields.Str(body, "campaign"),
            Fields.Bool(body, "skip_if_in_workspace"), Fields.Bool(body, "skip_if_in_campaign"));
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        await WriteLead(ctx, rt, lead!);
    }

    private static async Task List(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", "/api/v2/leads/list", rt.Strict);
        if (doc is null) return;
        var body = doc.RootElement;
        // Only `campaign` filters by campaign: a `campaign_id` is dropped and the whole workspace comes back.
        var query = new ListQuery(Fields.Str(body, "campaign"), Fields.Guids(body, "ids"), Fields.Guids(body, "excluded_ids"),
            Fields.Strings(body, "contacts"), Fields.Str(body, "search"), Fields.Str(body, "filter"), Fields.OptBool(body, "in_campaign"),
            Fields.Int(body, "limit") ?? 100, Fields.Str(body, "starting_after"), Fields.Str(body, "list_id"), Fields.OptBool(body, "in_list"));
        var (items, refusal) = rt.State.List(query);
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        var org = rt.State.OrganizationId;
        // Leads are written outside the state lock: a page is a consistent set of references, their counters may move.
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("items");
            foreach (var lead in items!) LeadJson.Write(w, lead, org, inPage: true);
            w.WriteEndArray();
            if (items.Count > 0) w.WriteString("next_starting_after", items[^1].IdText);
            w.WriteEndObject();
        });
    }

    private static async Task Get(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        if (!TryId(ctx, out var id))
        {
            await ApiResponses.Error(ctx, 400, "params/id must match format \"uuid\"");
            return;
        }
        if (rt.State.GetLead(id) is not { } lead)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        await WriteLead(ctx, rt, lead);
    }

    private static async Task DeleteOne(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        if (!TryId(ctx, out var id))
        {
            await ApiResponses.Error(ctx, 400, "params/id must match format \"uuid\"");
            return;
        }
        if (rt.State.DeleteLead(id) is not { } lead)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        await WriteLead(ctx, rt, lead);
    }

    private static async Task BulkDelete(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "DELETE", "/api/v2/leads", rt.Strict);
        if (doc is null) return;
        var body = doc.RootElement;
        var campaignId = Fields.Str(body, "campaign_id");
        if (campaignId is null)
        {
            await ApiResponses.Error(ctx, 404, "List not found");
            return;
        }
        // Without `ids` every matching lead of the campaign is deleted — the real API's behaviour, kept on purpose.
        var limit = Fields.Int(body, "limit");
        // Fault mode "count below ids": only some of the ids are deleted, and the count says so.
        if (rt.Script.Take<PartialDeleteFault>(SandboxOperation.BulkDelete) is { } partial) limit = Math.Min(limit ?? int.MaxValue, partial.Deleted);
        var (count, refusal) = rt.State.BulkDelete(campaignId, Fields.Guids(body, "ids"), Fields.Int(body, "status"), limit);
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        if (await ApiGuard.LoseAnswerAsync(ctx, rt)) return;
        var nullError = rt.Script.Take<NullErrorFault>(SandboxOperation.BulkDelete) is not null;
        await ApiResponses.Json(ctx, w =>
        {
            w.WriteStartObject();
            if (nullError) w.WriteNull("error");
            w.WriteNumber("count", count);
            w.WriteEndObject();
        });
    }

    private static Task WriteLead(HttpContext ctx, SandboxRuntime rt, SandboxLead lead)
    {
        var org = rt.State.OrganizationId;
        return ApiResponses.Json(ctx, w => LeadJson.Write(w, lead, org));
    }

    private static bool TryId(HttpContext ctx, out Guid id) => Guid.TryParse(ctx.GetRouteValue("id") as string, out id);
}
