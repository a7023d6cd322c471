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

    /// <summary>The lead as Instantly receives it: the mapped columns as custom variables (the seed's names by default).</summary>
    public NewLead ToNewLead(CustomVariableMap? variables = null) =>
        new(Email, CompanyName: Prospect.MerchantName, Website: Prospect.PlatformDomain,
            CustomVariables: (variables ?? CustomVariableMap.Default).Build(Prospect));

    private static string Fallback(string? raw)
    {
        var value = EmailIdentity.Key(raw);
        return value.Length == 0 ? "(empty)" : value;
    }
}
