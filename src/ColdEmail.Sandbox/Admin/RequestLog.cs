using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Sandbox.Admin;

/// <summary>
/// Counts the API requests the sandbox answers per wall-clock second (and the 429s among them), so a bench can report what the
/// workspace saw: GET /_sandbox/requests. Wall clock, not the simulated one: Instantly's limits are real-time limits.
/// </summary>
public sealed class RequestLog
{
    private readonly ConcurrentDictionary<long, Counts> _seconds = new();

    public static void Map(WebApplication app, RequestLog log)
    {
        app.Use(async (ctx, next) =>
        {
            await next(ctx);
            if (ctx.Request.Path.StartsWithSegments("/api/v2")) log.Record(DateTimeOffset.UtcNow, ctx.Response.StatusCode);
        });
        app.MapGet("/_sandbox/requests", () => Results.Json(new
        {
            seconds = log._seconds.OrderBy(kv => kv.Key).Select(kv => new { t = kv.Key, requests = kv.Value.Requests, rate_limited = kv.Value.RateLimited }),
        }));
    }

    private void Record(DateTimeOffset at, int status)
    {
        var counts = _seconds.GetOrAdd(at.ToUnixTimeSeconds(), _ => new Counts());
        Interlocked.Increment(ref counts.Requests);
        if (status == StatusCodes.Status429TooManyRequests) Interlocked.Increment(ref counts.RateLimited);
    }

    private sealed class Counts
    {
        public int Requests;
        public int RateLimited;
    }
}
