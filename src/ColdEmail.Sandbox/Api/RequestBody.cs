using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using ColdEmail.Sandbox.Validation;
using Microsoft.AspNetCore.Http;

namespace ColdEmail.Sandbox.Api;

/// <summary>Reads and validates a JSON body the way the real (Fastify) service does.</summary>
internal static class RequestBody
{
    public const string EmptyJsonBody = "Body cannot be empty when content-type is set to 'application/json'";

    /// <summary>The parsed and schema-checked body, or null after a 400 has been written.</summary>
    public static async Task<JsonDocument?> ReadAsync(HttpContext ctx, string method, string schemaPath, bool strict)
    {
        var bytes = await ReadAllAsync(ctx.Request.BodyReader, ctx.RequestAborted);
        var isJson = IsJson(ctx.Request.ContentType);
        if (bytes.Length == 0)
        {
            await ApiResponses.Error(ctx, 400, isJson ? EmptyJsonBody : "body must be object");
            return null;
        }
        if (!isJson)
        {
            await ApiResponses.Error(ctx, 415, $"Unsupported Media Type: {ctx.Request.ContentType ?? "(none)"}");
            return null;
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            await ApiResponses.Error(ctx, 400, $"Body is not valid JSON: {ex.Message}");
            return null;
        }
        if (ApiSchema.Instance.Validate(method, schemaPath, doc.RootElement, strict) is { } error)
        {
            doc.Dispose();
            await ApiResponses.Error(ctx, 400, error);
            return null;
        }
        return doc;
    }

    /// <summary>For requests that take no body: a JSON content type over an empty body is refused (400), as the real service does.</summary>
    public static async Task<bool> RefuseEmptyJsonAsync(HttpContext ctx)
    {
        if (!IsJson(ctx.Request.ContentType)) return false;
        var bytes = await ReadAllAsync(ctx.Request.BodyReader, ctx.RequestAborted);
        if (bytes.Length > 0) return false;
        await ApiResponses.Error(ctx, 400, EmptyJsonBody);
        return true;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    private static async Task<ReadOnlyMemory<byte>> ReadAllAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted || result.IsCanceled)
            {
                var data = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return data;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
