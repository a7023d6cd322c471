using System.Security.Cryptography;
using System.Text;

namespace ColdEmail.Domain.Webhooks;

/// <summary>
/// One webhook event as the rules need it: the normalised email (<see cref="Leads.EmailIdentity"/>, applied once at
/// the edge), Instantly's campaign id and the event's own time. <see cref="Key"/> identifies the event for dedupe.
/// </summary>
public sealed record WebhookFact(string Key, string EventType, string Email, string? CampaignId, DateTimeOffset OccurredAt);

/// <summary>
/// Instantly's payload has no event id, so the key is derived from what a redelivery or a replay from the delivery
/// log repeats unchanged: event type, lead, campaign, the event's timestamp and the email it concerns. Hashed, so the
/// key itself carries no address.
/// </summary>
public static class WebhookEventKey
{
    public static string Of(string eventType, string email, string? campaignId, string timestamp, string? emailId, int? step)
    {
        var text = string.Join('\u001F', eventType, email, campaignId ?? "", timestamp, emailId ?? "", step?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
