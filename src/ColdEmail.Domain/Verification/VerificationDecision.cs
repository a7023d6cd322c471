namespace ColdEmail.Domain.Verification;

/// <summary>Send the lead, reject it (with why), or wait for Instantly's verification to finish.</summary>
public abstract record VerificationDecision(string Reason)
{
    public sealed record Send(string Reason) : VerificationDecision(Reason);
    public sealed record Reject(string Reason) : VerificationDecision(Reason);
    public sealed record Wait(string Reason) : VerificationDecision(Reason);

    public bool IsSend => this is Send;
    public bool IsReject => this is Reject;
    public bool IsWait => this is Wait;
}
