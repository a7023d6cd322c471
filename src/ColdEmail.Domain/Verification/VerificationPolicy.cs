namespace ColdEmail.Domain.Verification;

/// <summary>
/// What the verification rules refuse. Free mail is allowed by default (many small shops run on a
/// Gmail address); role accounts are refused; catch-all domains are allowed because a large share of
/// business domains accept everything and refusing them would empty the SMB campaign.
/// </summary>
public sealed record VerificationPolicy(
    bool RejectFreeMail = false,
    bool RejectRoleAccounts = true,
    bool AllowCatchAll = true,
    bool RejectDisposable = true)
{
    public static readonly VerificationPolicy Default = new();
}
