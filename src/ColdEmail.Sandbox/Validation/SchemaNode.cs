using System.Text.Json;

namespace ColdEmail.Sandbox.Validation;

/// <summary>
/// The part of JSON Schema that Instantly's request bodies use (type, enum, format uuid/email, minimum/maximum,
/// minItems/maxItems, minProperties, properties, additionalProperties, required, anyOf-required, items), compiled once
/// from the OpenAPI file so each request is checked in a single pass.
/// </summary>
internal sealed class SchemaNode
{
    [Flags]
    public enum Kinds { None = 0, String = 1, Number = 2, Integer = 4, Boolean = 8, Object = 16, Array = 32, Null = 64 }

    public Kinds Types { get; private init; }
    public List<JsonElement>? Enum { get; private init; }
    public string? Format { get; private init; }
    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public int? MinItems { get; private init; }
    public int? MaxItems { get; private init; }
    public int? MinProperties { get; private init; }
    public Dictionary<string, SchemaNode>? Properties { get; private init; }
    /// <summary>False: unknown properties are not allowed; a node: their schema; null: anything.</summary>
    public bool AdditionalAllowed { get; private init; } = true;
    public SchemaNode? AdditionalSchema { get; private init; }
    public List<string>? Required { get; private init; }
    public List<List<string>>? AnyOfRequired { get; private init; }
    public SchemaNode? Items { get; private init; }

    public static SchemaNode Compile(JsonElement schema, JsonElement root)
    {
        if (schema.TryGetProperty("$ref", out var r)) schema = Resolve(root, r.GetString()!);
        var types = Kinds.None;
        if (schema.TryGetProperty("type", out var t))
        {
            if (t.ValueKind == JsonValueKind.Array) foreach (var x in t.EnumerateArray()) types |= Kind(x.GetString()!);
            else types = Kind(t.GetString()!);
        }
        Dictionary<string, SchemaNode>? props = null;
        if (schema.TryGetProperty("properties", out var p))
        {
            props = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
            foreach (var prop in p.EnumerateObject()) props[prop.Name] = Compile(prop.Value, root);
        }
        var additionalAllowed = true;
        SchemaNode? additional = null;
        if (schema.TryGetProperty("additionalProperties", out var a))
        {
            if (a.ValueKind == JsonValueKind.False) additionalAllowed = false;
            else if (a.ValueKind == JsonValueKind.Object) additional = Compile(a, root);
        }
        List<List<string>>? anyOf = null;
        if (schema.TryGetProperty("anyOf", out var any))
            anyOf = any.EnumerateArray()
                .Where(x => x.TryGetProperty("required", out _))
                .Select(x => x.GetProperty("required").EnumerateArray().Select(s => s.GetString()!).ToList()).ToList();
        return new SchemaNode
        {
            Types = types,
            Enum = schema.TryGetProperty("enum", out var e) ? e.EnumerateArray().Select(x => x.Clone()).ToList() : null,
            Format = schema.TryGetProperty("format", out var f) ? f.GetString() : null,
            Minimum = schema.TryGetProperty("minimum", out var min) ? min.GetDouble() : null,
            Maximum = schema.TryGetProperty("maximum", out var max) ? max.GetDouble() : null,
            MinItems = schema.TryGetProperty("minItems", out var mi) ? mi.GetInt32() : null,
            MaxItems = schema.TryGetProperty("maxItems", out var ma) ? ma.GetInt32() : null,
            MinProperties = schema.TryGetProperty("minProperties", out var mp) ? mp.GetInt32() : null,
            Properties = props,
            AdditionalAllowed = additionalAllowed,
            AdditionalSchema = additional,
            Required = schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
                ? req.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
            AnyOfRequired = anyOf is { Count: > 0 } ? anyOf : null,
            Items = schema.TryGetProperty("items", out var items) ? Compile(items, root) : null,
        };
    }

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        var node = root;
        foreach (var part in reference.TrimStart('#', '/').Split('/')) node = node.GetProperty(part.Replace("~1", "/").Replace("~0", "~"));
        return node;
    }

    private static Kinds Kind(string name) => name switch
    {
        "string" => Kinds.String,
        "number" => Kinds.Number,
        "integer" => Kinds.Integer,
        "boolean" => Kinds.Boolean,
        "object" => Kinds.Object,
        "array" => Kinds.Array,
        "null" => Kinds.Null,
        _ => Kinds.None,
    };
}
