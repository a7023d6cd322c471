using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Validation;

namespace ColdEmail.Sandbox.Tests;

/// <summary>Builds request bodies from the official schema itself: every declared property, from its example or its type.</summary>
internal static class SchemaExamples
{
    public static JsonObject Body(string method, string path) =>
        (JsonObject)FromSchema(ApiSchema.Instance.RequestSchema(method, path))!;

    private static JsonNode? FromSchema(JsonElement s)
    {
        if (s.TryGetProperty("properties", out var props))
        {
            var obj = new JsonObject();
            foreach (var p in props.EnumerateObject()) obj[p.Name] = FromSchema(p.Value);
            return obj;
        }
        if (s.TryGetProperty("example", out var example)) return JsonNode.Parse(example.GetRawText());
        if (s.TryGetProperty("enum", out var e)) return JsonNode.Parse(e[0].GetRawText());
        var type = s.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array ? t[0].GetString() : t.GetString() : "object";
        return type switch
        {
            "array" => new JsonArray(s.TryGetProperty("items", out var items) ? FromSchema(items) : null),
            "string" => s.TryGetProperty("format", out var f) && f.GetString() == "uuid" ? Guid.CreateVersion7().ToString() : "text",
            "number" or "integer" => 1,
            "boolean" => true,
            "null" => null,
            _ => new JsonObject(),
        };
    }
}
