namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.limits: the seed's processing limits (config table row processing_limits).</summary>
public sealed record LimitSettings(
    int MaxLeadsPerRun,
    int MaxApiPages,
    double InventoryMultiplier,
    int DrainBatchSize,
    int DrainParallelism,
    int StaleLeadDays,
    int BounceGraceDays,
    int CooldownDays,
    int BulkBatchSize,
    TimeSpan DrainCheckInterval)
{
    /// <summary>
    /// coldemail.limits.auto-scale-multiplier: compute the multiplier from drain history and reply rate
    /// (bounded) instead of using <see cref="InventoryMultiplier"/>, which stays the fallback.
    /// </summary>
    public bool AutoScaleMultiplier { get; init; }
}
