using System.Text.Json;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Sandbox.Api;

/// <summary>Email verification: start (may answer pending) and poll.</summary>
internal static class VerificationEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapPost("/api/v2/email-verification", ctx => Start(ctx, rt));
        app.MapGet("/api/v2/email-verification/{email}", ctx => Poll(ctx, rt));
    }

    private static async Task Start(HttpContext ctx, SandboxRuntime rt)
    {
        using var doc = await RequestBody.ReadAsync(ctx, "POST", "/api/v2/email-verification", rt.Strict);
        if (doc is null) return;
        var (view, refusal) = rt.State.StartVerification(Fields.Str(doc.RootElement, "email")!);
        if (refusal is not null)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        await Write(ctx, view!);
    }

    private static async Task Poll(HttpContext ctx, SandboxRuntime rt)
    {
        if (await RequestBody.RefuseEmptyJsonAsync(ctx)) return;
        var email = Uri.UnescapeDataString(ctx.GetRouteValue("email") as string ?? "");
        if (rt.State.GetVerification(email) is not { } view)
        {
            await ApiResponses.Error(ctx, 404, "Resource not found");
            return;
        }
        await Write(ctx, view);
    }

    private static Task Write(HttpContext ctx, VerificationView v) => ApiResponses.Json(ctx, w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "success");
        w.WriteString("email", v.Email);
        w.WriteString("verification_status", v.VerificationStatus);
        w.WritePropertyName("catch_all");
        if (v.CatchAll is bool b) w.WriteBooleanValue(b); else w.WriteStringValue((string)v.CatchAll);
        w.WriteNumber("credits", v.Credits);
        w.WriteNumber("credits_used", v.CreditsUsed);
        w.WriteEndObject();
    });
}
