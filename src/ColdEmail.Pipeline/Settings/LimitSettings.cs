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
    /// <summary>Leads a campaign should hold: daily limit × inventory multiplier, rounded up.</summary>
    public int InventoryTarget(CampaignSettings campaign) => (int)Math.Ceiling(campaign.DailyLimit * InventoryMultiplier);
}
