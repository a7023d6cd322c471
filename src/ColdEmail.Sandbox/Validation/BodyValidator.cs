using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ColdEmail.Sandbox.Validation;

/// <summary>
/// Checks a request body against its compiled schema, the way the real service's validator does: a known field with
/// a bad value is an error ("body/limit must be <= 100"); an unknown field is an error only in strict mode and
/// otherwise ignored (the real service drops it silently).
/// </summary>
internal static partial class BodyValidator
{
    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex Email();

    /// <returns>null when valid, else the message for a 400.</returns>
    public static string? Validate(JsonElement body, SchemaNode schema, bool strict) => Check(body, schema, "body", strict);

    private static string? Check(JsonElement value, SchemaNode s, string path, bool strict)
    {
        if (s.Types != SchemaNode.Kinds.None && !TypeMatches(value, s.Types))
            return $"{path} must be {Describe(s.Types)}";
        if (s.Enum is { } allowed && !allowed.Any(a => SameValue(a, value)))
            return $"{path} must be equal to one of the allowed values ({string.Join(", ", allowed.Select(a => a.GetRawText()))})";
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (s.Format == "uuid" && !Uuid().IsMatch(text)) return $"{path} must match format \"uuid\"";
                if (s.Format == "email" && !Email().IsMatch(text)) return $"{path} must match format \"email\"";
                break;
            case JsonValueKind.Number:
                var n = value.GetDouble();
                if (s.Minimum is { } min && n < min) return $"{path} must be >= {min.ToString(CultureInfo.InvariantCulture)}";
                if (s.Maximum is { } max && n > max) return $"{path} must be <= {max.ToString(CultureInfo.InvariantCulture)}";
                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (s.MinItems is { } minItems && count < minItems) return $"{path} must NOT have fewer than {minItems} items";
                if (s.MaxItems is { } maxItems && count > maxItems) return $"{path} must NOT have more than {maxItems} items";
                if (s.Items is { } itemSchema)
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        if (Check(item, itemSchema, $"{path}/{i}", strict) is { } error) return error;
                        i++;
                    }
                }
                break;
            case JsonValueKind.Object:
                return CheckObject(value, s, path, strict);
        }
        return null;
    }

    private static string? CheckObject(JsonElement value, SchemaNode s, string path, bool strict)
    {
        var present = 0;
        foreach (var prop in value.EnumerateObject())
        {
            present++;
            if (s.Properties is not null && s.Properties.TryGetValue(prop.Name, out var known))
            {
                if (Check(prop.Value, known, $"{path}/{prop.Name}", strict) is { } error) return error;
            }
            else if (s.AdditionalSchema is { } extra)
            {
                if (Check(prop.Value, extra, $"{path}/{prop.Name}", strict) is { } error) return error;
            }
            else if (strict && s.Properties is not null)
                return $"{path} must NOT have additional properties: unknown field '{prop.Name}'";
        }
        if (s.MinProperties is { } minProps && present < minProps) return $"{path} must NOT have fewer than {minProps} properties";
        if (s.Required is { } required)
            foreach (var name in required)
                if (!value.TryGetProperty(name, out _)) return $"{path} must have required property '{name}'";
        if (s.AnyOfRequired is { } anyOf && !anyOf.Any(set => set.All(name => value.TryGetProperty(name, out _))))
            return $"{path} must have required property {string.Join(" or ", anyOf.Select(set => $"'{string.Join("', '", set)}'"))}";
        return null;
    }

    private static bool TypeMatches(JsonElement v, SchemaNode.Kinds kinds) => v.ValueKind switch
    {
        JsonValueKind.String => kinds.HasFlag(SchemaNode.Kinds.String),
        JsonValueKind.Number => kinds.HasFlag(SchemaNode.Kinds.Number)
            || (kinds.HasFlag(SchemaNode.Kinds.Integer) && v.TryGetDouble(out var d) && Math.Floor(d) == d),
        JsonValueKind.True or JsonValueKind.False => kinds.HasFlag(SchemaNode.Kinds.Boolean),
        JsonValueKind.Object => kinds.HasFlag(SchemaNode.Kinds.Object),
        JsonValueKind.Array => kinds.HasFlag(SchemaNode.Kinds.Array),
        JsonValueKind.Null => kinds.HasFlag(SchemaNode.Kinds.Null),
        _ => false,
    };

    private static bool SameValue(JsonElement a, JsonElement b) => (a.ValueKind, b.ValueKind) switch
    {
        (JsonValueKind.Number, JsonValueKind.Number) => a.GetDouble() == b.GetDouble(),
        (JsonValueKind.String, JsonValueKind.String) => a.GetString() == b.GetString(),
        _ => a.ValueKind == b.ValueKind && a.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null,
    };

    private static string Describe(SchemaNode.Kinds kinds) =>
        string.Join(",", Enum.GetValues<SchemaNode.Kinds>().Where(k => k != SchemaNode.Kinds.None && kinds.HasFlag(k)).Select(k => k.ToString().ToLowerInvariant()));
}
