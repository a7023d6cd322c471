using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Suppressions;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// Maps the typed settings onto the actors' options. <paramref name="campaignIds"/> replaces configured
/// Instantly campaign ids (the in-process sandbox creates its own), matched by campaign name, case-insensitive.
/// </summary>
public static class PipelineOptionsMapper
{
    public static PipelineOptions Map(ColdEmailSettings s, IReadOnlyDictionary<string, string>? campaignIds = null)
    {
        var campaigns = Campaigns(s, campaignIds);
        return Map(s, campaigns);
    }

    private static List<CampaignOptions> Campaigns(ColdEmailSettings s, IReadOnlyDictionary<string, string>? campaignIds) =>
        s.Campaigns.Enabled.Select(c => new CampaignOptions
        {
            Name = c.Name,
            InstantlyCampaignId = campaignIds is not null && campaignIds.TryGetValue(c.Name, out var id) ? id : c.Id,
            Routing = s.Campaigns.Routing,
            DailyCapacity = c.DailyLimit,
            // The configured daily-limit is what live tuning changes; Instantly's own figure would silently win otherwise.
            UseInstantlyDailyLimit = false,
            InventoryMultiplier = s.Limits.InventoryMultiplier,
        }).ToList();

    private static PipelineOptions Map(ColdEmailSettings s, List<CampaignOptions> campaigns) => new()
    {
        CampaignShards = s.Cluster.Enabled ? s.Cluster.Shards : null,
        Campaigns = campaigns,
        Sync = new SyncOptions
        {
            BatchSize = s.Limits.BulkBatchSize,
            MaxLeadsPerRun = s.Limits.MaxLeadsPerRun,
            VerificationEnabled = s.FeatureFlags.EmailVerificationEnabled,
            CustomVariables = s.CustomVariables,
        },
        Drain = new DrainOptions
        {
            BatchSize = s.Limits.DrainBatchSize,
            MinInterval = s.Limits.DrainCheckInterval,
            Workers = s.Limits.DrainParallelism,
            WarehouseFirst = s.FeatureFlags.BigQueryFirstDrain,
            CampaignIds = campaigns.Select(c => c.InstantlyCampaignId).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).ToList(),
            MaxApiPages = s.Limits.MaxApiPages,
            Policy = DrainPolicyMapping.From(s),
            CooldownDays = s.Limits.CooldownDays,
            Suppression = new SuppressionOptions { BlockListReasons = s.Suppression.BlockListReasons, DomainOnReply = s.Suppression.DomainOnReply },
        },
        RateLimiter = RateLimiter(s.RateLimit),
        CircuitBreaker = new CircuitBreakerOptions
        {
            WindowSize = s.CircuitBreaker.Window,
            FailureRateThreshold = s.CircuitBreaker.FailureThreshold,
            CoolDown = s.CircuitBreaker.CoolDown,
        },
        Ops = OpsSettingsMapping.From(s),
        Schedule = new ScheduleOptions(s.Schedules.SyncInterval, s.Schedules.DrainInterval, s.Schedules.RunOnStart),
        ShutdownSettle = s.ShutdownTimeout,
    };

    private static RateLimiterOptions RateLimiter(RateLimitSettings r)
    {
        var options = new RateLimiterOptions
        {
            RequestsPerSecond = r.RequestsPerSecond,
            RequestsPerMinute = r.RequestsPerMinute,
            MinDelay = r.MinDelay,
            MaxDelay = r.MaxDelay > TimeSpan.Zero ? r.MaxDelay : TimeSpan.FromMilliseconds(1),
            RateLimitedFactor = r.SlowDownFactor,
            SuccessStreak = r.SpeedUpAfter,
        };
        // Adaptive off (feature flag): the pause stays at min-delay whatever Instantly answers.
        return r.Adaptive ? options : options with { RateLimitedFactor = 1, ServerErrorFactor = 1, SpeedUpFactor = 1 };
    }
}
