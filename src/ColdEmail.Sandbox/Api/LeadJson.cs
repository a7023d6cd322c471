using System.Globalization;
using System.Text.Json;
using ColdEmail.Sandbox.State;

namespace ColdEmail.Sandbox.Api;

/// <summary>Writes a lead in the real API's Lead shape (snake_case; null fields omitted, as the real service does).</summary>
internal static class LeadJson
{
    public static void Write(Utf8JsonWriter w, SandboxLead l, string organizationId)
    {
        w.WriteStartObject();
        w.WriteString("id", l.IdText);
        Time(w, "timestamp_created", l.TimestampCreated);
        Time(w, "timestamp_updated", l.TimestampUpdated);
        w.WriteString("organization", organizationId);
        w.WriteNumber("status", l.Status);
        w.WriteNumber("email_open_count", l.EmailOpenCount);
        w.WriteNumber("email_reply_count", l.EmailReplyCount);
        w.WriteNumber("email_click_count", l.EmailClickCount);
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
        if (l.LtInterestStatus is { } interest) w.WriteNumber("lt_interest_status", interest);
        if (l.VerificationStatus is { } verification) w.WriteNumber("verification_status", verification);
        w.WriteNumber("esp_code", l.EspCode);
        w.WriteString("upload_method", l.UploadMethod);
        if (l.StepsSent > 0) w.WriteString("last_step_from", "campaign");
        OptTime(w, "timestamp_last_contact", l.TimestampLastContact);
        OptTime(w, "timestamp_last_open", l.TimestampLastOpen);
        OptTime(w, "timestamp_last_click", l.TimestampLastClick);
        OptTime(w, "timestamp_last_reply", l.TimestampLastReply);
        OptTime(w, "timestamp_last_interest_change", l.TimestampLastInterestChange);
        var lastTouch = Max(l.TimestampLastContact, l.TimestampLastReply);
        OptTime(w, "timestamp_last_touch", lastTouch);
        w.WriteEndObject();
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static void Opt(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void OptTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } t) Time(w, name, t);
    }

    public static void Time(Utf8JsonWriter w, string name, DateTimeOffset t) =>
        w.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
