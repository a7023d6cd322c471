namespace ColdEmail.Sandbox.Faults;

/// <summary>
/// Injected failures, each a probability per /api/v2 request (drawn from the sandbox's seeded generator).
/// <see cref="AppliedButLostRate"/> hits writes only: the change is made, then the answer is a 500 or a dropped
/// connection — the case exactly-once enrolment must survive. <see cref="ErrorInBodyRate"/> answers 200 with
/// <c>{"error":"ACC_UNKNOWN_ERROR"}</c> (seen on the real API); <see cref="GarbageRate"/> answers 200 with a body that is not JSON.
/// </summary>
public sealed record FaultOptions(
    double ServerErrorRate = 0,
    double TooManyRequestsRate = 0,
    double SlowRate = 0,
    double DropRate = 0,
    double AppliedButLostRate = 0,
    double ErrorInBodyRate = 0,
    double GarbageRate = 0)
{
    public static FaultOptions None { get; } = new();
    /// <summary>How long a slow answer waits (real time) before it is served.</summary>
    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Retry-After sent with an injected 429.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(2);

    public bool Any => ServerErrorRate > 0 || TooManyRequestsRate > 0 || SlowRate > 0 || DropRate > 0 || AppliedButLostRate > 0
        || ErrorInBodyRate > 0 || GarbageRate > 0;

    public void Validate()
    {
        foreach (var (name, p) in new[] { (nameof(ServerErrorRate), ServerErrorRate), (nameof(TooManyRequestsRate), TooManyRequestsRate),
                     (nameof(SlowRate), SlowRate), (nameof(DropRate), DropRate), (nameof(AppliedButLostRate), AppliedButLostRate),
                     (nameof(ErrorInBodyRate), ErrorInBodyRate), (nameof(GarbageRate), GarbageRate) })
            if (p is < 0 or > 1 || double.IsNaN(p))
                throw new ArgumentOutOfRangeException(name, p, $"Fault rate {name} must be within 0..1.");
        if (SlowDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SlowDelay), SlowDelay, "SlowDelay must not be negative.");
    }
}
