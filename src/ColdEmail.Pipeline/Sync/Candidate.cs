using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Sync;

/// <summary>A ready lead read from the warehouse: normalised, or refused with the reason.</summary>
public sealed record Candidate(string Email, Prospect Prospect, string? RejectReason)
{
    public bool IsValid => RejectReason is null;

    public static Candidate From(Prospect prospect, EmailVerificationRules? rules)
    {
        if (!EmailAddress.TryParse(prospect.Email, out var email, out var why))
            return new Candidate(Fallback(prospect.Email), prospect, $"invalid email: {why}");
        if (rules?.CheckAddress(email) is VerificationDecision.Reject reject)
            return new Candidate(email.Value, prospect with { Email = email.Value }, $"verification rules: {reject.Reason}");
        return new Candidate(email.Value, prospect with { Email = email.Value }, null);
    }

    /// <summary>The lead as Instantly receives it: our fields as custom variables (never null values).</summary>
    public NewLead ToNewLead()
    {
        var vars = new Dictionary<string, object>();
        void Add(string key, object? value)
        {
            if (value is string s && string.IsNullOrWhiteSpace(s)) return;
            if (value is not null) vars[key] = value;
        }
        Add("company", Prospect.MerchantName);
        Add("domain", Prospect.PlatformDomain);
        Add("location", Prospect.State);
        Add("country", Prospect.CountryCode);
        Add("sequence_target", Prospect.SequenceTarget);
        Add("score", Prospect.Score);
        return new NewLead(Email, CompanyName: Prospect.MerchantName, Website: Prospect.PlatformDomain, CustomVariables: vars);
    }

    private static string Fallback(string? raw)
    {
        var value = (raw ?? "").Trim().ToLowerInvariant();
        return value.Length == 0 ? "(empty)" : value;
    }
}
