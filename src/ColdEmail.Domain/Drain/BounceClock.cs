namespace ColdEmail.Domain.Drain;

/// <summary>
/// When a bounce happened. Instantly's lead carries no bounce time, so the honest proxies are, in order:
/// a bounce event we recorded, <c>timestamp_last_contact</c> (the send that bounced), the first time the
/// drain saw the lead with status -1, and failing all of them now (this check is the first sight).
/// Never the lead's creation: an old lead that bounced yesterday still gets its full grace.
/// </summary>
public static class BounceClock
{
    public static (DateTimeOffset Since, string Source) Start(LeadSnapshot lead, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        if (lead.BouncedAt is { } recorded) return (recorded, "the recorded bounce");
        if (lead.TimestampLastContact is { } contact) return (contact, "the last send (timestamp_last_contact)");
        if (lead.BounceFirstSeen is { } seen) return (seen, "the first time the drain saw it bounced");
        return (now, "this check (first sight of the bounce)");
    }
}
