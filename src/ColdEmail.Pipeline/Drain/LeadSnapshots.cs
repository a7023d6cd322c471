using System.Globalization;
using System.Text.Json;
using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Drain;

/// <summary>Instantly's lead object as the domain's <see cref="LeadSnapshot"/>.</summary>
public static class LeadSnapshots
{
    public static LeadSnapshot From(InstantlyLead lead, string fallbackEmail) => new(
        lead.Id,
        lead.Email ?? fallbackEmail,
        lead.CampaignId,
        lead.Status,
        lead.EmailReplyCount,
        lead.LtInterestStatus,
        lead.TimestampCreated,
        PauseUntil: PauseUntil(lead.Payload),
        EmailOpenCount: lead.EmailOpenCount,
        EmailClickCount: lead.EmailClickCount);

    private static DateTimeOffset? PauseUntil(IReadOnlyDictionary<string, JsonElement>? payload)
    {
        if (payload is null || !payload.TryGetValue("pause_until", out var value)) return null;
        if (value.ValueKind == JsonValueKind.String &&
            DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at;
        return null;
    }
}
