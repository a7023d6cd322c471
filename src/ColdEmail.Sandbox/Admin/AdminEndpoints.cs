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
/// Test and demo controls under /_sandbox — clearly outside /api/v2, never part of the real API, no key needed
/// (the sandbox listens on loopback). Documented in README.md.
/// </summary>
internal static class AdminEndpoints
{
    private sealed record AdvanceBody(double? Days, double? Hours, double? Minutes, double? Seconds);
    private sealed record FaultsBody(double? ServerErrorRate, double? TooManyRequestsRate, double? SlowRate, double? DropRate,
        double? AppliedButLostRate, double? ErrorInBodyRate, double? GarbageRate, double? SlowDelaySeconds, double? RetryAfterSeconds);
    private sealed record RateLimitsBody(bool? Enabled, int? PerSecond, int? PerMinute);
    private sealed record StrictBody(bool Enabled);
    private sealed record BlocklistBody(List<string>? Entries);
    private sealed record SaveBody(string? Path);

    public static void Map(IEndpointRouteBuilder app, SandboxRuntime rt)
    {
        app.MapGet("/_sandbox", () => Results.Json(Summary(rt), JsonOptions));
        app.MapPost("/_sandbox/reset", () =>
        {
            SandboxReset.Apply(rt);
            return Results.Json(Summary(rt), JsonOptions);
        });
        app.MapPost("/_sandbox/clock/advance", async (HttpContext ctx) =>
        {
            var body = await Read<AdvanceBody>(ctx);
            if (body is null) return Bad("body must be {\"days\"|\"hours\"|\"minutes\"|\"seconds\": number}");
            if (rt.Clock is not SimulatedClock clock) return Bad($"the sandbox clock is a {rt.Clock.GetType().Name} and cannot be advanced here");
            var delta = TimeSpan.FromDays(body.Days ?? 0) + TimeSpan.FromHours(body.Hours ?? 0)
                + TimeSpan.FromMinutes(body.Minutes ?? 0) + TimeSpan.FromSeconds(body.Seconds ?? 0);
            if (delta < TimeSpan.Zero) return Bad("the clock only moves forward");
            clock.Advance(delta);
            var days = rt.Engine.CatchUp();
            return Results.Json(new { now = rt.Clock.GetUtcNow(), days_run = days, engine = rt.Engine.Stats }, JsonOptions);
        });
        app.MapGet("/_sandbox/leads", (string? campaign, string? email) =>
        {
            IReadOnlyList<LeadSnapshot> leads = email is not null
                ? rt.State.FindByEmail(email).Where(l => campaign is null || string.Equals(l.CampaignId, campaign, StringComparison.OrdinalIgnoreCase)).ToList()
                : rt.State.AllLeads(campaign);
            return Results.Json(new { count = leads.Count, items = leads }, JsonOptions);
        });
        app.MapPut("/_sandbox/faults", async (HttpContext ctx) =>
        {
            var b = await Read<FaultsBody>(ctx);
            if (b is null) return Bad("body must be a JSON object of fault rates");
            var faults = new FaultOptions(b.ServerErrorRate ?? 0, b.TooManyRequestsRate ?? 0, b.SlowRate ?? 0, b.DropRate ?? 0, b.AppliedButLostRate ?? 0,
                b.ErrorInBodyRate ?? 0, b.GarbageRate ?? 0)
            {
                SlowDelay = TimeSpan.FromSeconds(b.SlowDelaySeconds ?? 5),
                RetryAfter = TimeSpan.FromSeconds(b.RetryAfterSeconds ?? 2),
            };
            try { rt.Faults.Set(faults); }
            catch (ArgumentOutOfRangeException ex) { return Bad(ex.Message); }
            return Results.Json(rt.Faults.Options, JsonOptions);
        });
        app.MapPut("/_sandbox/rate-limits", async (HttpContext ctx) =>
        {
            var b = await Read<RateLimitsBody>(ctx);
            if (b is null) return Bad("body must be {\"enabled\", \"per_second\", \"per_minute\"}");
            var current = rt.RateLimiter.Options;
            try { rt.RateLimiter.Set(current with { Enabled = b.Enabled ?? current.Enabled, PerSecond = b.PerSecond ?? current.PerSecond, PerMinute = b.PerMinute ?? current.PerMinute }); }
            catch (ArgumentOutOfRangeException ex) { return Bad(ex.Message); }
            return Results.Json(rt.RateLimiter.Options, JsonOptions);
        });
        app.MapPut("/_sandbox/strict", async (HttpContext ctx) =>
        {
            var b = await Read<StrictBody>(ctx);
            if (b is null) return Bad("body must be {\"enabled\": bool}");
            rt.Strict = b.Enabled;
            return Results.Json(new { strict = rt.Strict }, JsonOptions);
        });
        app.MapPut("/_sandbox/blocklist", async (HttpContext ctx) =>
        {
            var b = await Read<BlocklistBody>(ctx);
            if (b?.Entries is null) return Bad("body must be {\"entries\": [email or domain, …]}");
            rt.State.SetBlocklist(b.Entries);
            return Results.Json(new { entries = b.Entries.Count }, JsonOptions);
        });
        app.MapPost("/_sandbox/save", async (HttpContext ctx) =>
        {
            var b = await Read<SaveBody>(ctx);
            var path = b?.Path ?? rt.Options.StateFile;
            if (path is null) return Bad("no path given and no state file configured");
            StateFile.Save(rt.State, path);
            return Results.Json(new { saved = path }, JsonOptions);
        });
    }

    private static object Summary(SandboxRuntime rt) => new
    {
        now = rt.Clock.GetUtcNow(),
        strict = rt.Strict,
        leads = rt.State.LeadCount,
        campaigns = rt.State.Campaigns.Select(c => new { c.Id, c.Name, c.DailyLimit, c.SequenceLength, leads = rt.State.CountLeads(c.Id) }),
        engine = rt.Engine.Stats,
        faults = rt.Faults.Options,
        rate_limits = new { rt.RateLimiter.Options.Enabled, rt.RateLimiter.Options.PerSecond, rt.RateLimiter.Options.PerMinute },
        block_list_entries = rt.State.BlockList.Count,
        // Calls to "delete all block list entries": ColdEmail must never make one.
        block_list_wipes = rt.State.BlockListWipes.Count,
        scripted_faults = rt.Script.Armed.Count,
    };
}
