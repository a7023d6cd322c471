using System.Text.Json;
using ColdEmail.Sandbox.State;

namespace ColdEmail.Sandbox.Api;

/// <summary>Reads known fields of an already schema-checked body. Fields not read here are dropped, like the real API does.</summary>
internal static class Fields
{
    public static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool Bool(JsonElement o, string name, bool fallback = false) =>
        o.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.True || (v.ValueKind != JsonValueKind.False && fallback) : fallback;

    public static bool? OptBool(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.ValueKind == JsonValueKind.True : null;

    public static int? Int(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (int)v.GetDouble() : null;

    public static List<string>? Strings(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array) return null;
        var list = new List<string>(v.GetArrayLength());
        foreach (var item in v.EnumerateArray())
            if (item.ValueKind == JsonValueKind.String) list.Add(item.GetString()!);
        return list;
    }

    public static List<Guid>? Guids(JsonElement o, string name) => Strings(o, name)?.Select(Guid.Parse).ToList();

    public static LeadInput Lead(JsonElement o)
    {
        List<KeyValuePair<string, string>>? vars = null;
        if (o.TryGetProperty("custom_variables", out var cv) && cv.ValueKind == JsonValueKind.Object)
        {
            vars = [];
            foreach (var p in cv.EnumerateObject()) vars.Add(new(p.Name, p.Value.GetRawText()));
        }
        return new LeadInput(
            Str(o, "email"), Str(o, "first_name"), Str(o, "last_name"), Str(o, "company_name"), Str(o, "job_title"),
            Str(o, "phone"), Str(o, "website"), Str(o, "personalization"), Int(o, "lt_interest_status"),
            Str(o, "pl_value_lead"), Str(o, "assigned_to"), vars);
    }
}
