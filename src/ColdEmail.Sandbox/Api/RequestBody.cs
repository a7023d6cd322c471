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
    public static async Task<RequestJson?> ReadAsync(HttpContext ctx, string method, string schemaPath, bool strict)
    {
        var (rented, length) = await ReadPooledAsync(ctx.Request.BodyReader, ctx.RequestAborted);
        var isJson = IsJson(ctx.Request.ContentType);
        string? refusal = null;
        var status = 400;
        if (length == 0) refusal = isJson ? EmptyJsonBody : "body must be object";
        else if (!isJson) (status, refusal) = (415, $"Unsupported Media Type: {ctx.Request.ContentType ?? "(none)"}");
        JsonDocument? doc = null;
        if (refusal is null)
        {
            try
            {
                doc = JsonDocument.Parse(rented.AsMemory(0, length));
                refusal = ApiSchema.Instance.Validate(method, schemaPath, doc.RootElement, strict);
            }
            catch (JsonException ex)
            {
                refusal = $"Body is not valid JSON: {ex.Message}";
            }
        }
        if (refusal is null) return new RequestJson(doc!, rented);
        doc?.Dispose();
        ArrayPool<byte>.Shared.Return(rented);
        await ApiResponses.Error(ctx, status, refusal);
        return null;
    }

    /// <summary>For requests that take no body: a JSON content type over an empty body is refused (400), as the real service does.</summary>
    public static async Task<bool> RefuseEmptyJsonAsync(HttpContext ctx)
    {
        if (!IsJson(ctx.Request.ContentType)) return false;
        var (rented, length) = await ReadPooledAsync(ctx.Request.BodyReader, ctx.RequestAborted);
        ArrayPool<byte>.Shared.Return(rented);
        if (length > 0) return false;
        await ApiResponses.Error(ctx, 400, EmptyJsonBody);
        return true;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    // The whole body in a pooled array (bulk adds run to 200 KB: renting keeps them off the large-object heap).
    private static async Task<(byte[] Rented, int Length)> ReadPooledAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            if (result.IsCompleted || result.IsCanceled)
            {
                var length = checked((int)result.Buffer.Length);
                var rented = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
                result.Buffer.CopyTo(rented);
                reader.AdvanceTo(result.Buffer.End);
                return (rented, length);
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}

/// <summary>A parsed request body over a pooled buffer; disposing it returns the buffer.</summary>
internal sealed class RequestJson(JsonDocument document, byte[] rented) : IDisposable
{
    public JsonElement RootElement => document.RootElement;

    public void Dispose()
    {
        document.Dispose();
        ArrayPool<byte>.Shared.Return(rented);
    }
}
