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

    // One pass over the lead's properties: bulk adds read a thousand of these per request.
    public static LeadInput Lead(JsonElement o)
    {
        string? email = null, first = null, last = null, company = null, title = null, phone = null, website = null,
            personalization = null, value = null, assigned = null;
        int? interest = null;
        List<KeyValuePair<string, string>>? vars = null;
        foreach (var p in o.EnumerateObject())
        {
            var v = p.Value;
            string? text = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            switch (p.Name)
            {
                case "email": email = text; break;
                case "first_name": first = text; break;
                case "last_name": last = text; break;
                case "company_name": company = text; break;
                case "job_title": title = text; break;
                case "phone": phone = text; break;
                case "website": website = text; break;
                case "personalization": personalization = text; break;
                case "pl_value_lead": value = text; break;
                case "assigned_to": assigned = text; break;
                case "lt_interest_status" when v.ValueKind == JsonValueKind.Number: interest = (int)v.GetDouble(); break;
                case "custom_variables" when v.ValueKind == JsonValueKind.Object:
                    vars = [];
                    foreach (var cv in v.EnumerateObject()) vars.Add(new(cv.Name, cv.Value.GetRawText()));
                    break;
            }
        }
        return new LeadInput(email, first, last, company, title, phone, website, personalization, interest, value, assigned, vars);
    }
}
