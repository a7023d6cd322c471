using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ColdEmail.Sandbox.Api;

/// <summary>JSON answers and the error envelope <c>{"statusCode","error","message"}</c> of the real API.</summary>
internal static class ApiResponses
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        SkipValidation = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ReasonFor(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    };

    public static Task Error(HttpContext ctx, int status, string message, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
            ctx.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Json(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("statusCode", status);
            w.WriteString("error", ReasonFor(status));
            w.WriteString("message", message);
            w.WriteEndObject();
        }, status);
    }

    public static async Task Json(HttpContext ctx, Action<Utf8JsonWriter> write, int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        using (var writer = new Utf8JsonWriter(ctx.Response.BodyWriter, WriterOptions)) write(writer);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }
}
