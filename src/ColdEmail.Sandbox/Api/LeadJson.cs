using System.Globalization;
using System.Text.Json;
using ColdEmail.Sandbox.State;

namespace ColdEmail.Sandbox.Api;

/// <summary>Writes a lead in the real API's Lead shape (snake_case; null fields omitted, as the real service does).</summary>
internal static class LeadJson
{
    /// <param name="inPage">True inside a list page: a lead marked malformed (<see cref="SandboxLead.MalformedField"/>) is
    /// malformed there, and on its own (GET) only when <see cref="SandboxLead.MalformedOnGet"/> says so.</param>
    public static void Write(Utf8JsonWriter w, SandboxLead l, string organizationId, bool inPage = false)
    {
        var odd = l.MalformedField is { } f && (inPage || l.MalformedOnGet) ? f : null;
        w.WriteStartObject();
        w.WriteString("id", l.IdText);
        Time(w, "timestamp_created", l.TimestampCreated, odd);
        Time(w, "timestamp_updated", l.TimestampUpdated, odd);
        w.WriteString("organization", organizationId);
        Number(w, "status", l.Status, odd);
        Number(w, "email_open_count", l.EmailOpenCount, odd);
        Number(w, "email_reply_count", l.EmailReplyCount, odd);
        Number(w, "email_click_count", l.EmailClickCount, odd);
        w.WriteString("company_domain", l.CompanyDomain ?? "");
        w.WriteStartObject("status_summary");
        if (l.TimestampLastContact is { } contacted)
        {
            w.WriteStartObject("lastStep");
            w.WriteString("from", "campaign");
            w.WriteString("stepID", $"step-{l.StepsSent}");
            Time(w, "timestamp_executed", contacted);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        Opt(w, "campaign", l.CampaignId);
        Opt(w, "list_id", l.ListId);
        Opt(w, "email", l.Email);
        Opt(w, "first_name", l.FirstName);
        Opt(w, "last_name", l.LastName);
        Opt(w, "company_name", l.CompanyName);
        Opt(w, "job_title", l.JobTitle);
        Opt(w, "phone", l.Phone);
        Opt(w, "website", l.Website);
        Opt(w, "personalization", l.Personalization);
        Opt(w, "pl_value_lead", l.PlValueLead);
        Opt(w, "assigned_to", l.AssignedTo);
        w.WriteStartObject("payload");
        Opt(w, "firstName", l.FirstName);
        Opt(w, "lastName", l.LastName);
        Opt(w, "companyName", l.CompanyName);
        Opt(w, "jobTitle", l.JobTitle);
        Opt(w, "website", l.Website);
        Opt(w, "phone", l.Phone);
        Opt(w, "personalization", l.Personalization);
        Opt(w, "email", l.Email);
        if (l.CustomVariables is { } vars)
            foreach (var (key, raw) in vars)
            {
                w.WritePropertyName(key);
                w.WriteRawValue(raw, skipInputValidation: true);
            }
        w.WriteEndObject();
        if (l.LtInterestStatus is { } interest) Number(w, "lt_interest_status", interest, odd);
        if (l.VerificationStatus is { } verification) w.WriteNumber("verification_status", verification);
        w.WriteNumber("esp_code", l.EspCode);
        w.WriteString("upload_method", l.UploadMethod);
        if (l.StepsSent > 0) w.WriteString("last_step_from", "campaign");
        OptTime(w, "timestamp_last_contact", l.TimestampLastContact, odd);
        OptTime(w, "timestamp_last_open", l.TimestampLastOpen, odd);
        OptTime(w, "timestamp_last_click", l.TimestampLastClick, odd);
        OptTime(w, "timestamp_last_reply", l.TimestampLastReply, odd);
        OptTime(w, "timestamp_last_interest_change", l.TimestampLastInterestChange, odd);
        var lastTouch = Max(l.TimestampLastContact, l.TimestampLastReply);
        OptTime(w, "timestamp_last_touch", lastTouch, odd);
        // A malformed field the lead does not otherwise carry is still sent (as "").
        if (odd is not null && !Written(l, odd)) w.WriteString(odd, "");
        w.WriteEndObject();
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static void Opt(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void OptTime(Utf8JsonWriter w, string name, DateTimeOffset? value, string? odd)
    {
        if (value is { } t) Time(w, name, t, odd);
    }

    // A field named as malformed is sent as "" (a type the schema does not allow), as a real answer once did.
    private static void Number(Utf8JsonWriter w, string name, int value, string? odd)
    {
        if (name == odd) w.WriteString(name, "");
        else w.WriteNumber(name, value);
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset t, string? odd)
    {
        if (name == odd) w.WriteString(name, "");
        else Time(w, name, t);
    }

    private static bool Written(SandboxLead l, string name) => name switch
    {
        "timestamp_created" or "timestamp_updated" or "status" or "email_open_count" or "email_reply_count" or "email_click_count" => true,
        "lt_interest_status" => l.LtInterestStatus is not null,
        "timestamp_last_contact" => l.TimestampLastContact is not null,
        "timestamp_last_open" => l.TimestampLastOpen is not null,
        "timestamp_last_click" => l.TimestampLastClick is not null,
        "timestamp_last_reply" => l.TimestampLastReply is not null,
        "timestamp_last_interest_change" => l.TimestampLastInterestChange is not null,
        "timestamp_last_touch" => l.TimestampLastContact is not null || l.TimestampLastReply is not null,
        _ => false,
    };

    public static void Time(Utf8JsonWriter w, string name, DateTimeOffset t) =>
        w.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
