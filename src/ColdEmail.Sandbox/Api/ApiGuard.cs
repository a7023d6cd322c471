using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;

namespace ColdEmail.Sandbox.Api;

/// <summary>
/// In front of every /api/v2 request, in the real service's order: the Bearer key (401), the workspace rate limit
/// (429), then injected faults; the campaign engine catches up with the clock first.
/// </summary>
internal static class ApiGuard
{
    public static async Task InvokeAsync(HttpContext ctx, RequestDelegate next, SandboxRuntime rt)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api/v2"))
        {
            await next(ctx);
            return;
        }
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.Length == 0)
        {
            await ApiResponses.Error(ctx, 401, "Missing Authorization header");
            return;
        }
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !string.Equals(auth[7..].Trim(), rt.ApiKey, StringComparison.Ordinal))
        {
            await ApiResponses.Error(ctx, 401, "Invalid API key");
            return;
        }
        if (rt.RateLimiter.TryAcquire() is { } wait)
        {
            await ApiResponses.Error(ctx, 429, "Rate limit exceeded", wait);
            return;
        }
        if (rt.Options.CatchUpOnRequests) rt.Engine.CatchUp();

        var (fault, slow) = rt.Faults.Before();
        if (slow) await Task.Delay(rt.Faults.Options.SlowDelay, ctx.RequestAborted);
        switch (fault)
        {
            case FaultKind.ServerError:
                await ApiResponses.Error(ctx, 500, "Internal server error");
                return;
            case FaultKind.TooManyRequests:
                await ApiResponses.Error(ctx, 429, "Rate limit exceeded", rt.Faults.Options.RetryAfter);
                return;
            case FaultKind.Drop:
                ctx.Abort();
                return;
            case FaultKind.ErrorInBody:
                await ApiResponses.Json(ctx, w => { w.WriteStartObject(); w.WriteString("error", "ACC_UNKNOWN_ERROR"); w.WriteEndObject(); });
                return;
            case FaultKind.Garbage:
                ctx.Response.ContentType = "application/json; charset=utf-8";
                await ctx.Response.WriteAsync("<html>502 upstream glitch</html>{\"items\":[", ctx.RequestAborted);
                return;
        }
        var operation = SandboxOperation.Of(ctx.Request.Method, ctx.Request.Path.Value ?? "");
        ctx.Items[OperationKey] = operation;
        if (rt.Script.Take<RefuseFault>(operation) is { } refusal)
        {
            await ApiResponses.Error(ctx, refusal.Status, refusal.Message);
            return;
        }
        await next(ctx);
    }

    private const string OperationKey = "sandbox.operation";

    /// <summary>
    /// Called by a write after it has been applied: true when its answer is to be lost (a 500 has been written,
    /// or the connection aborted) — the request took effect but the caller cannot know.
    /// </summary>
    public static async Task<bool> LoseAnswerAsync(HttpContext ctx, SandboxRuntime rt)
    {
        if (rt.Script.Take<LoseAnswerFault>(ctx.Items[OperationKey] as string) is { } lost)
        {
            if (lost.DropConnection) ctx.Abort();
            else await ApiResponses.Error(ctx, 500, "Internal server error");
            return true;
        }
        switch (rt.Faults.AfterWrite())
        {
            case FaultKind.ServerError:
                await ApiResponses.Error(ctx, 500, "Internal server error");
                return true;
            case FaultKind.Drop:
                ctx.Abort();
                return true;
            default:
                return false;
        }
    }
}
