using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Pipeline.Verification;

/// <summary>
/// What the sync asks before enrolling: per normalised email, Send, Reject (with why) or Wait (ask
/// again on a later run). Never throws for one bad address; a failed Instantly call is a Wait.
/// </summary>
public interface IEmailVerifier
{
    Task<IReadOnlyDictionary<string, VerificationDecision>> VerifyAsync(IReadOnlyList<EmailAddress> emails, CancellationToken ct = default);
}
