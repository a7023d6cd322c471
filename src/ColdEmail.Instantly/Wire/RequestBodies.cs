using System.Globalization;
using System.Text.Json;
using ColdEmail.Instantly.Http;

namespace ColdEmail.Instantly.Wire;

/// <summary>
/// The request bodies, written field by field so that every name is exactly the real API's
/// (<c>campaign</c> on single create and list, <c>campaign_id</c> on bulk add and bulk delete) and no null is sent.
/// </summary>
internal static class RequestBodies
{
    public static PooledBuffer BulkAdd(BulkAddRequest request) => Write(w =>
    {
        w.WriteString("campaign_id", request.CampaignId);
        w.WriteBoolean("skip_if_in_workspace", request.SkipIfInWorkspace);
        w.WriteBoolean("skip_if_in_campaign", request.SkipIfInCampaign);
        w.WriteBoolean("skip_if_in_list", request.SkipIfInList);
        w.WriteBoolean("verify_leads_on_import", request.VerifyLeadsOnImport);
        w.WriteStartArray("leads");
        foreach (var lead in request.Leads)
        {
            w.WriteStartObject();
            WriteLeadFields(w, lead);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static PooledBuffer CreateLead(CreateLeadRequest request) => Write(w =>
    {
        w.WriteString("campaign", request.CampaignId);
        WriteLeadFields(w, request.Lead);
        w.WriteBoolean("skip_if_in_workspace", request.SkipIfInWorkspace);
    });

    public static PooledBuffer ListLeads(ListLeadsRequest request) => Write(w =>
    {
        if (request.CampaignId is { } campaign) w.WriteString("campaign", campaign);
        WriteStrings(w, "ids", request.Ids);
        WriteStrings(w, "contacts", request.Contacts);
        if (request.Filter is { } filter) w.WriteString("filter", filter);
        w.WriteNumber("limit", request.Limit);
        if (request.StartingAfter is { } after) w.WriteString("starting_after", after);
    });

    public static PooledBuffer BulkDelete(string campaignId, IReadOnlyCollection<string> ids) => Write(w =>
    {
        w.WriteString("campaign_id", campaignId);
        WriteStrings(w, "ids", ids);
        // The limit caps what Instantly may delete at the ids we name, should it ever ignore or misread them.
        w.WriteNumber("limit", ids.Count);
    });

    public static PooledBuffer BlockListBulkCreate(IReadOnlyList<string> values) => Write(w => WriteStrings(w, "bl_values", values));

    public static PooledBuffer EmailVerification(string email) => Write(w => w.WriteString("email", email));

    private static void WriteLeadFields(Utf8JsonWriter w, NewLead lead)
    {
        w.WriteString("email", lead.Email);
        WriteOptional(w, "first_name", lead.FirstName);
        WriteOptional(w, "last_name", lead.LastName);
        WriteOptional(w, "company_name", lead.CompanyName);
        WriteOptional(w, "website", lead.Website);
        WriteOptional(w, "personalization", lead.Personalization);
        if (lead.CustomVariables is { Count: > 0 } vars)
        {
            w.WriteStartObject("custom_variables");
            foreach (var (key, value) in vars) WriteScalar(w, key, value);
            w.WriteEndObject();
        }
    }

    // Instantly allows only strings, numbers and booleans as custom variable values.
    private static void WriteScalar(Utf8JsonWriter w, string key, object value)
    {
        switch (value)
        {
            case string s: w.WriteString(key, s); break;
            case bool b: w.WriteBoolean(key, b); break;
            case int i: w.WriteNumber(key, i); break;
            case long l: w.WriteNumber(key, l); break;
            case double d: w.WriteNumber(key, d); break;
            case float f: w.WriteNumber(key, f); break;
            case decimal m: w.WriteNumber(key, m); break;
            case DateTimeOffset t: w.WriteString(key, t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateOnly date: w.WriteString(key, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case IFormattable other: w.WriteString(key, other.ToString(null, CultureInfo.InvariantCulture)); break;
            default:
                throw new ArgumentException(
                    $"Custom variable '{key}' has a value of type {value?.GetType().Name ?? "null"}; Instantly accepts only strings, numbers and booleans.");
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static PooledBuffer Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new PooledBuffer();
        try
        {
            using var w = new Utf8JsonWriter(buffer);
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
        return buffer;
    }
}
