using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ColdEmail.Domain.Leads;

/// <summary>
/// An email address normalised once, at the edge, by <see cref="EmailIdentity"/> (the same rule as every SQL
/// dialect's eligibility view), then checked for syntax. Every comparison in the system (warehouse keys,
/// Instantly look-ups, suppression) uses this form, so the same person is never seen as two.
/// </summary>
public sealed partial record EmailAddress
{
    public string Value { get; }
    public string LocalPart { get; }
    public string Domain { get; }

    private EmailAddress(string value, string local, string domain)
    {
        Value = value;
        LocalPart = local;
        Domain = domain;
    }

    public static bool TryParse(string? raw, [NotNullWhen(true)] out EmailAddress? email, out string reason)
    {
        email = null;
        var normalised = EmailIdentity.Normalise(raw);
        // A wrong number of @ gets the more specific messages below, which quote the address.
        if (normalised.Reason is { } why && why != EmailIdentity.AtSignReason) { reason = why; return false; }
        var value = normalised.Email!;
        if (value.Length > 254) { reason = $"email is {value.Length} characters long (at most 254)"; return false; }
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1) { reason = $"'{Truncate(value)}' has no local part or domain"; return false; }
        if (value.IndexOf('@') != at) { reason = $"'{Truncate(value)}' has more than one @"; return false; }
        var local = value[..at];
        var domain = value[(at + 1)..];
        if (local.Length > 64) { reason = "the local part is longer than 64 characters"; return false; }
        if (!LocalPattern().IsMatch(local) || local.StartsWith('.') || local.EndsWith('.') || local.Contains(".."))
        { reason = $"'{Truncate(value)}' has an invalid local part"; return false; }
        if (!DomainPattern().IsMatch(domain))
        { reason = $"'{Truncate(value)}' has an invalid domain"; return false; }
        email = new EmailAddress(value, local, domain);
        reason = "";
        return true;
    }

    public static EmailAddress Parse(string raw) =>
        TryParse(raw, out var email, out var reason) ? email : throw new FormatException(reason);

    public override string ToString() => Value;

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..77] + "...";

    [GeneratedRegex(@"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();
}
