using System.Text.Json;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

using static ColdEmail.Sandbox.Admin.AdminHttp;

namespace ColdEmail.Sandbox.Admin;

/// <summary>
/// /_sandbox controls that stage what happens in a real workspace (a rep moves a lead, a reply arrives, a label is set) and
/// arm deterministic faults. Each is the HTTP face of a <see cref="SandboxState"/> or <see cref="SandboxServer"/> method.
/// </summary>
internal static class ScenarioEndpoints
{

    private sealed record MoveBody(string? CampaignId);
    private sealed record ListLeadsBody(string? ListId, List<string>? Emails);
    private sealed record InterestBody(int? LtInterestStatus);
    private sealed record ReplyBody(bool? OutOfOffice, DateTimeOffset? At, int? Status);
    private sealed record StatusBody(int? Status, DateTimeOffset? TimestampLastContact);
    private sealed record MalformedBody(string? Field, bool? AlsoOnGet);
    private sealed record FaultBody(string? Operation, string? Kind, int? Times, int? Status, string? Message, int? Deleted, bool? DropConnection, int? LeadIndex);

    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapPost("/_sandbox/leads/{id}/move", async (HttpContext ctx, string id) =>
        {
            var b = await Read<MoveBody>(ctx);
            if (b?.CampaignId is null) return Bad("body must be {\"campaign_id\": ID}");
            try { return Lead(rt.State.MoveLead(id, b.CampaignId)); }
            catch (ArgumentException ex) { return Bad(ex.Message); }
        });
        app.MapPost("/_sandbox/lists/leads", async (HttpContext ctx) =>
        {
            var b = await Read<ListLeadsBody>(ctx);
            if (b?.ListId is null || b.Emails is null) return Bad("body must be {\"list_id\": UUID, \"emails\": [...]}");
            try
            {
                var created = rt.State.AddListLeads(b.ListId, b.Emails);
                return Results.Json(new { count = created.Count, items = created }, JsonOptions);
            }
            catch (ArgumentException ex) { return Bad(ex.Message); }
        });
        app.MapPost("/_sandbox/leads/{id}/interest", async (HttpContext ctx, string id) =>
        {
            var b = await Read<InterestBody>(ctx);
            if (b is null) return Bad("body must be {\"lt_interest_status\": -4..4 or null}");
            try { return Lead(rt.State.SetInterest(id, b.LtInterestStatus)); }
            catch (ArgumentOutOfRangeException ex) { return Bad(ex.Message); }
        });
        app.MapPost("/_sandbox/leads/{id}/reply", async (HttpContext ctx, string id) =>
        {
            var b = await Read<ReplyBody>(ctx) ?? new ReplyBody(null, null, null);
            return Lead(rt.State.AddReply(id, b.OutOfOffice ?? false, b.At, b.Status));
        });
        app.MapPost("/_sandbox/leads/{id}/status", async (HttpContext ctx, string id) =>
        {
            var b = await Read<StatusBody>(ctx);
            if (b?.Status is null) return Bad("body must be {\"status\": 1|2|3|-1|-2|-3, \"timestamp_last_contact\": optional}");
            try { return Lead(rt.State.SetStatus(id, b.Status.Value, b.TimestampLastContact)); }
            catch (ArgumentOutOfRangeException ex) { return Bad(ex.Message); }
        });
        app.MapPost("/_sandbox/leads/{id}/malformed", async (HttpContext ctx, string id) =>
        {
            var b = await Read<MalformedBody>(ctx) ?? new MalformedBody("timestamp_last_contact", false);
            return Lead(rt.State.SetMalformed(id, b.Field, b.AlsoOnGet ?? false));
        });
        app.MapDelete("/_sandbox/campaigns/{id}", (string id) =>
            rt.State.DeleteCampaign(id) ? Results.Json(new { deleted = id }, JsonOptions) : NotFound($"no campaign {id}"));
        app.MapGet("/_sandbox/block-list", () =>
            Results.Json(new { entries = rt.State.BlockList, wipes = rt.State.BlockListWipes }, JsonOptions));
        app.MapGet("/_sandbox/scripted-faults", () =>
            Results.Json(rt.Script.Armed.Select(a => new { operation = a.Operation, kind = a.Fault.GetType().Name, fault = (object)a.Fault, left = a.Left }), JsonOptions));
        app.MapDelete("/_sandbox/scripted-faults", () =>
        {
            rt.Script.Clear();
            return Results.Json(new { cleared = true }, JsonOptions);
        });
        app.MapPost("/_sandbox/scripted-faults", async (HttpContext ctx) =>
        {
            var b = await Read<FaultBody>(ctx);
            if (b?.Operation is null || b.Kind is null) return Bad("body must be {\"operation\": NAME, \"kind\": refuse|lose-answer|partial-delete|null-error, ...}");
            ScriptedFault? fault = b.Kind switch
            {
                "refuse" when b.Status is { } status => new RefuseFault(status, b.Message ?? ApiDefaultMessage(status, b.LeadIndex)),
                "lose-answer" => new LoseAnswerFault(b.DropConnection ?? false),
                "partial-delete" when b.Deleted is { } deleted => new PartialDeleteFault(deleted),
                "null-error" => new NullErrorFault(),
                _ => null,
            };
            if (fault is null) return Bad($"unknown kind '{b.Kind}' or a missing field (refuse needs status, partial-delete needs deleted)");
            fault = fault with { Times = b.Times ?? 1 };
            try { rt.Script.Arm(b.Operation, fault); }
            catch (ArgumentException ex) { return Bad(ex.Message); }
            return Results.Json(new { armed = b.Operation, kind = b.Kind, times = fault.Times }, JsonOptions);
        });
    }

    // The realistic envelope message for a status when the caller gives none.
    private static string ApiDefaultMessage(int status, int? leadIndex) => status switch
    {
        401 => RefuseFault.Unauthorized().Message,
        402 => RefuseFault.PaymentRequired().Message,
        403 => RefuseFault.UploadLimitReached().Message,
        404 => RefuseFault.CampaignNotFound().Message,
        400 when leadIndex is { } i => RefuseFault.BadLead(i).Message,
        400 => RefuseFault.BadCampaignId().Message,
        429 => "Rate limit exceeded",
        _ => "Internal server error",
    };

    private static IResult Lead(LeadSnapshot? lead) => lead is null ? NotFound("no such lead") : Results.Json(lead, JsonOptions);
}
