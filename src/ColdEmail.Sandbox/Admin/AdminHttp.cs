using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace ColdEmail.Sandbox.Admin;

/// <summary>The /_sandbox endpoints' shared JSON shape: snake_case bodies, Instantly-style 400/404 envelopes, lenient body reading.</summary>
internal static class AdminHttp
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    public static IResult Bad(string message) =>
        Results.Json(new { statusCode = 400, error = "Bad Request", message }, statusCode: 400);

    public static IResult NotFound(string message) =>
        Results.Json(new { statusCode = 404, error = "Not Found", message }, statusCode: 404);

    /// <summary>The body as <typeparamref name="T"/>, or null when it is not valid JSON for it (the caller answers 400).</summary>
    public static async Task<T?> Read<T>(HttpContext ctx) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(ctx.Request.Body, JsonOptions, ctx.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
