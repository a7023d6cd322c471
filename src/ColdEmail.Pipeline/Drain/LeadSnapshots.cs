using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Instantly's lead object as the domain's <see cref="LeadSnapshot"/>: status, reply count and
/// <c>lt_interest_status</c>, <c>timestamp_last_reply</c> (the reply-label grace runs from it) and
/// <c>timestamp_last_contact</c> (the bounce-time proxy). <paramref name="bounceFirstSeen"/> is the drain's own
/// record of when it first saw the lead bounced; <paramref name="bouncedAt"/> the bounce time a webhook reported (the
/// recorded bounce, the grace's first source). There is no <c>pause_until</c>: it is not a field of Instantly's lead.
/// </summary>
public static class LeadSnapshots
{
    public static LeadSnapshot From(InstantlyLead lead, string fallbackEmail, DateTimeOffset? bounceFirstSeen = null, DateTimeOffset? bouncedAt = null)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new LeadSnapshot(
            lead.Id,
            lead.Email ?? fallbackEmail,
            lead.CampaignId,
            lead.Status,
            lead.EmailReplyCount,
            lead.LtInterestStatus,
            lead.TimestampCreated,
            TimestampLastReply: lead.TimestampLastReply,
            TimestampLastContact: lead.TimestampLastContact,
            BounceFirstSeen: bounceFirstSeen,
            BouncedAt: bouncedAt,
            EmailOpenCount: lead.EmailOpenCount,
            EmailClickCount: lead.EmailClickCount);
    }
}
