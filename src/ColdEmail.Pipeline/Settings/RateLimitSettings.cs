namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.rate-limit: workspace-wide pacing. <see cref="Adaptive"/> is the feature flag
/// coldemail.feature-flags.adaptive-rate-limiting (one switch, so the config table can turn it off).
/// </summary>
public sealed record RateLimitSettings(
    int RequestsPerSecond,
    int RequestsPerMinute,
    TimeSpan MinDelay,
    TimeSpan MaxDelay,
    double SlowDownFactor,
    int SpeedUpAfter,
    bool Adaptive);
