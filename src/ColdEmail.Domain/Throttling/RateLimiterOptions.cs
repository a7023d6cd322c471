namespace ColdEmail.Domain.Throttling;

/// <summary>
/// The workspace-wide pacing of Instantly requests. Permits are spaced evenly by a delay that adapts:
/// it grows on 429 and 5xx answers, shrinks on success streaks, and never leaves
/// [<see cref="EffectiveMinDelay"/>, <see cref="MaxDelay"/>].
/// </summary>
public sealed record RateLimiterOptions
{
    /// <summary>Off: every permit is granted at once (the sandbox with its limits off, benchmarks).</summary>
    public bool Enabled { get; init; } = true;
    public int RequestsPerSecond { get; init; } = 100;
    public int RequestsPerMinute { get; init; } = 6_000;
    /// <summary>
    /// Share of the per-second ceiling allowed in any sliding one-second window of our own permits: the
    /// server counts arrivals, and jitter on the way can bunch a few of them together.
    /// </summary>
    public double WindowHeadroom { get; init; } = 0.98;
    /// <summary>Floor of the delay between permits; the ceilings raise it further if they demand.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.Zero;
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The delay to start with; null starts at the floor.</summary>
    public TimeSpan? InitialDelay { get; init; }
    /// <summary>This many successes in a row shrink the delay by <see cref="SpeedUpFactor"/>.</summary>
    public int SuccessStreak { get; init; } = 5;
    public double SpeedUpFactor { get; init; } = 0.9;
    public double RateLimitedFactor { get; init; } = 2.0;
    public double ServerErrorFactor { get; init; } = 1.5;

    /// <summary>The seed's per-request delay mode: 1 s to start, 0.5 s at best, 10 s at worst.</summary>
    public static RateLimiterOptions PerRequestDelay { get; } = new()
    {
        MinDelay = TimeSpan.FromMilliseconds(500),
        InitialDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(10),
    };

    public TimeSpan EffectiveMinDelay
    {
        get
        {
            var perSecond = RequestsPerSecond > 0 ? TimeSpan.FromSeconds(1.0 / RequestsPerSecond) : TimeSpan.Zero;
            var perMinute = RequestsPerMinute > 0 ? TimeSpan.FromMinutes(1.0 / RequestsPerMinute) : TimeSpan.Zero;
            var floor = new[] { MinDelay, perSecond, perMinute }.Max();
            return floor > MaxDelay ? MaxDelay : floor;
        }
    }

    /// <summary>Checks the values; the message names the offending field.</summary>
    public void Validate()
    {
        if (RequestsPerSecond < 0) throw new ArgumentOutOfRangeException(nameof(RequestsPerSecond), RequestsPerSecond, "must be 0 (no ceiling) or more");
        if (RequestsPerMinute < 0) throw new ArgumentOutOfRangeException(nameof(RequestsPerMinute), RequestsPerMinute, "must be 0 (no ceiling) or more");
        if (MinDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinDelay), MinDelay, "must not be negative");
        if (MaxDelay <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, "must be positive");
        if (MinDelay > MaxDelay) throw new ArgumentOutOfRangeException(nameof(MinDelay), MinDelay, $"must not exceed MaxDelay ({MaxDelay})");
        if (WindowHeadroom is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(WindowHeadroom), WindowHeadroom, "must be in (0, 1]");
        if (SuccessStreak < 1) throw new ArgumentOutOfRangeException(nameof(SuccessStreak), SuccessStreak, "must be at least 1");
        if (SpeedUpFactor is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(SpeedUpFactor), SpeedUpFactor, "must be in (0, 1]");
        if (RateLimitedFactor < 1) throw new ArgumentOutOfRangeException(nameof(RateLimitedFactor), RateLimitedFactor, "must be at least 1");
        if (ServerErrorFactor < 1) throw new ArgumentOutOfRangeException(nameof(ServerErrorFactor), ServerErrorFactor, "must be at least 1");
    }
}
