using System.Text.Json;

namespace ColdEmail.Sandbox.Webhooks;

/// <summary>
/// Something that happened to a lead that Instantly reports by webhook: built under the state's lock from the lead's
/// data at that moment, delivered later by the <see cref="WebhookDispatcher"/>.
/// </summary>
internal sealed record WebhookSignal(string EventType, string? Email, string? CampaignId, string? CampaignName, int Step, DateTimeOffset At)
{
    /// <summary>The standard label events (lt_interest_status → payload event_type); custom labels are not simulated.</summary>
    public static string? LabelEvent(int? label) => label switch
    {
        0 => "lead_out_of_office",
        1 => "lead_interested",
        2 => "lead_meeting_booked",
        3 => "lead_meeting_completed",
        4 => "lead_closed",
        -1 => "lead_not_interested",
        -2 => "lead_wrong_person",
        -4 => "lead_no_show",
        _ => null,
    };

    /// <summary>The documented payload (reference notes §7): base fields, the lead, the step. Extra lead fields are not added.</summary>
    public string Payload(string workspace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("timestamp", At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("event_type", EventType);
            w.WriteString("workspace", workspace);
            w.WriteString("campaign_id", CampaignId);
            w.WriteString("campaign_name", CampaignName);
            w.WriteString("lead_email", Email);
            w.WriteNumber("step", Math.Max(1, Step));
            w.WriteNumber("variant", 1);
            w.WriteBoolean("is_first", true);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
