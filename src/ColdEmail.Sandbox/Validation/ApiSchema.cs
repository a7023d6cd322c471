using System.Text.Json;

namespace ColdEmail.Sandbox.Validation;

/// <summary>
/// The official OpenAPI subset (embedded resource "instantly-api-v2.openapi.json"): request body schemas by
/// operation, compiled once. The sandbox validates against this file so it cannot drift from the real contract.
/// </summary>
public sealed class ApiSchema
{
    public const string ResourceName = "instantly-api-v2.openapi.json";
    private static readonly Lazy<ApiSchema> Shared = new(Load);
    private readonly Dictionary<(string Method, string Path), SchemaNode> _bodies = [];

    private ApiSchema(JsonDocument document)
    {
        Document = document;
        var root = document.RootElement;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject())
            {
                if (!op.Value.TryGetProperty("requestBody", out var body)) continue;
                if (!body.TryGetProperty("content", out var content) || !content.TryGetProperty("application/json", out var json)) continue;
                if (!json.TryGetProperty("schema", out var schema)) continue;
                _bodies[(op.Name.ToUpperInvariant(), path.Name)] = SchemaNode.Compile(schema, root);
            }
    }

    public static ApiSchema Instance => Shared.Value;

    /// <summary>The whole OpenAPI document (for contract tests).</summary>
    public JsonDocument Document { get; }

    /// <summary>The raw request body schema of an operation, e.g. ("POST", "/api/v2/leads/add").</summary>
    public JsonElement RequestSchema(string method, string path) =>
        Document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method.ToLowerInvariant())
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");

    internal SchemaNode Body(string method, string path) =>
        _bodies.TryGetValue((method, path), out var node) ? node : throw new KeyNotFoundException($"No request body schema for {method} {path}");

    /// <summary>Validates a body as the sandbox does; null when it is accepted.</summary>
    public string? Validate(string method, string path, JsonElement body, bool strict) =>
        BodyValidator.Validate(body, Body(method, path), strict);

    private static ApiSchema Load()
    {
        using var stream = typeof(ApiSchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the sandbox assembly.");
        return new ApiSchema(JsonDocument.Parse(stream));
    }
}
