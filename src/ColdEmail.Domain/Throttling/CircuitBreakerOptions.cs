namespace ColdEmail.Domain.Throttling;

/// <summary>The breaker over Instantly: opens when most recent calls failed, probes after a cool-down.</summary>
public sealed record CircuitBreakerOptions
{
    /// <summary>How many of the latest calls are judged.</summary>
    public int WindowSize { get; init; } = 10;
    /// <summary>Opens when at least this share of the window failed (0.8 = 80 %).</summary>
    public double FailureRateThreshold { get; init; } = 0.8;
    /// <summary>How long it stays open before one probe is let through.</summary>
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>While a probe is out, how soon refused callers should ask again.</summary>
    public TimeSpan HalfOpenRetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    public void Validate()
    {
        if (WindowSize < 1) throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "must be at least 1");
        if (FailureRateThreshold is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(FailureRateThreshold), FailureRateThreshold, "must be in (0, 1]");
        if (CoolDown <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CoolDown), CoolDown, "must be positive");
        if (HalfOpenRetryAfter <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(HalfOpenRetryAfter), HalfOpenRetryAfter, "must be positive");
    }
}
