using ColdEmail.Domain.Verification;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Domain.Drain;

/// <summary>
/// coldemail.suppression.domain-on-reply: when a person genuinely replied, the business domain they wrote from is
/// suppressed too, so the company is not cold-emailed through a colleague. Never for a free-mail domain (a gmail.com
/// reply says nothing about anyone else at gmail.com) and never for "wrong person", which invites contacting the right one.
/// </summary>
public static class ReplyDomain
{
    private static readonly HashSet<string> ReplyReasons = new(StringComparer.Ordinal)
    {
        SuppressionPolicy.Replied, "interested", "meeting_booked", "meeting_completed", "won", "not_interested", InterestLabels.CustomLabel,
    };

    /// <summary>The domain to suppress for this suppression, or null.</summary>
    public static string? ToSuppress(string email, string reason, DomainList freeMail)
    {
        ArgumentNullException.ThrowIfNull(email);
        ArgumentNullException.ThrowIfNull(freeMail);
        if (!ReplyReasons.Contains(reason)) return null;
        var normalised = EmailIdentity.Key(email);
        var at = normalised.LastIndexOf('@');
        if (at < 0 || at == normalised.Length - 1) return null;
        var domain = normalised[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !freeMail.ContainsDomainOrParent(domain) ? domain : null;
    }
}
