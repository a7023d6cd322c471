using ColdEmail.Domain.Leads;

namespace ColdEmail.Warehouse;

/// <summary>Input checks every adapter applies before writing a domain suppression or an erasure.</summary>
internal static class SuppressionRules
{
    /// <summary>The domain as the views compare it: lower case, trimmed like an email, without a leading "@".</summary>
    public static string Domain(string domain)
    {
        var value = EmailIdentity.Key(domain).TrimStart('@');
        if (value.Length == 0 || value.Contains('@', StringComparison.Ordinal))
            throw new ArgumentException($"'{domain}' is not a domain to suppress", nameof(domain));
        return value;
    }

    /// <summary>The normalised address an erasure hashes; an unusable one is refused (its hash would match no row).</summary>
    public static string ErasureKey(string email)
    {
        var n = EmailIdentity.Normalise(email);
        if (n.Reason is { } why) throw new ArgumentException($"cannot erase: {why}", nameof(email));
        return n.Email!;
    }
}
