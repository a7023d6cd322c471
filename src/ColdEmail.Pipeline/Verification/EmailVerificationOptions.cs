using ColdEmail.Domain.Verification;

namespace ColdEmail.Pipeline.Verification;

/// <summary>
/// The verification flow's settings. <see cref="Enabled"/> is the seed's <c>email_verification_enabled</c>
/// flag; <see cref="ReuseFor"/> is how long a stored verdict stands before an address may be verified
/// (and charged) again.
/// </summary>
public sealed record EmailVerificationOptions
{
    public bool Enabled { get; init; } = true;
    public VerificationPolicy Policy { get; init; } = VerificationPolicy.Default;
    public TimeSpan ReuseFor { get; init; } = TimeSpan.FromDays(30);
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Polls of a pending verification within one call; still pending after that = Wait, polled again next time without a new charge.</summary>
    public int MaxPolls { get; init; } = 6;
    /// <summary>Verification requests in flight at once (the gateway paces them anyway).</summary>
    public int Parallelism { get; init; } = 8;

    public void Validate()
    {
        if (ReuseFor < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReuseFor), ReuseFor, "verification reuse period must not be negative");
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "verification poll interval must be positive");
        if (MaxPolls is < 0 or > 1000) throw new ArgumentOutOfRangeException(nameof(MaxPolls), MaxPolls, "verification max polls must be 0..1000");
        if (Parallelism is < 1 or > 256) throw new ArgumentOutOfRangeException(nameof(Parallelism), Parallelism, "verification parallelism must be 1..256");
    }
}
