using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>The CLI's typed settings as the actors' own option records (for start-up and live reload).</summary>
public static class PipelineOptionsMapping
{
    public static PipelineOptions From(ColdEmailSettings s, PipelineOptions? baseline = null)
    {
        var b = baseline ?? new PipelineOptions();
        var adaptive = s.RateLimit.Adaptive && s.FeatureFlags.AdaptiveRateLimiting;
        return b with
        {
            Campaigns = s.Campaigns.Enabled.Select(c => new CampaignOptions
            {
                Name = c.Name,
                InstantlyCampaignId = string.IsNullOrWhiteSpace(c.Id) ? null : c.Id,
                MinRevenue = c.MinRevenue,
                MaxRevenue = c.MaxRevenue,
                IncludeUnknownRevenue = string.Equals(c.Name, s.Campaigns.UnknownRevenueCampaign, StringComparison.OrdinalIgnoreCase),
                DailyCapacity = c.DailyLimit,
                InventoryMultiplier = s.Limits.InventoryMultiplier,
            }).ToList(),
            Sync = b.Sync with
            {
                BatchSize = s.Limits.BulkBatchSize,
                MaxLeadsPerRun = s.Limits.MaxLeadsPerRun,
                VerificationEnabled = s.FeatureFlags.EmailVerificationEnabled,
            },
            Drain = b.Drain with
            {
                BatchSize = s.Limits.DrainBatchSize,
                Workers = s.Limits.DrainParallelism,
                MinInterval = s.Limits.DrainCheckInterval,
                Policy = new DrainPolicy(s.Limits.StaleLeadDays, s.Limits.BounceGraceDays, s.FeatureFlags.AutoReplyDetection),
            },
            RateLimiter = b.RateLimiter with
            {
                RequestsPerSecond = s.RateLimit.RequestsPerSecond,
                RequestsPerMinute = s.RateLimit.RequestsPerMinute,
                MinDelay = s.RateLimit.MinDelay,
                MaxDelay = s.RateLimit.MaxDelay,
                RateLimitedFactor = adaptive ? s.RateLimit.SlowDownFactor : 1.0,
                ServerErrorFactor = adaptive ? Math.Max(1.0, Math.Min(1.5, s.RateLimit.SlowDownFactor)) : 1.0,
                SpeedUpFactor = adaptive ? 0.9 : 1.0,
                SuccessStreak = Math.Max(1, s.RateLimit.SpeedUpAfter),
            },
            CircuitBreaker = b.CircuitBreaker with
            {
                WindowSize = s.CircuitBreaker.Window,
                FailureRateThreshold = s.CircuitBreaker.FailureThreshold,
                CoolDown = s.CircuitBreaker.CoolDown,
            },
        };
    }
}
