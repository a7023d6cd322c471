using System.Diagnostics.CodeAnalysis;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Domain.Leads;

/// <summary>Turns a raw warehouse <see cref="Prospect"/> into a <see cref="Lead"/>, or says why it cannot.</summary>
public static class LeadNormalizer
{
    public static bool TryNormalize(
        Prospect prospect,
        CampaignRouter router,
        [NotNullWhen(true)] out Lead? lead,
        out string reason)
    {
        ArgumentNullException.ThrowIfNull(prospect);
        ArgumentNullException.ThrowIfNull(router);
        lead = null;
        if (!EmailAddress.TryParse(prospect.Email, out var email, out var why))
        {
            reason = $"invalid email: {why}";
            return false;
        }
        var routing = router.Route(prospect.EstimatedSalesYearly);
        if (routing.Campaign is null)
        {
            reason = $"not routable: {routing.Reason}";
            return false;
        }
        var normalized = prospect with
        {
            Email = email.Value,
            State = Clean(prospect.State)?.ToUpperInvariant(),
            CountryCode = Clean(prospect.CountryCode)?.ToUpperInvariant(),
            Timezone = Clean(prospect.Timezone),
            SequenceTarget = routing.Campaign.Name,
        };
        lead = new Lead(email, normalized, routing);
        reason = routing.Reason;
        return true;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
