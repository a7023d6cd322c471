namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.feature-flags: the seed's flags (config table row feature_flags).</summary>
public sealed record FeatureFlags(
    bool EmailVerificationEnabled,
    bool AutoReplyDetection,
    bool OrphanRecoveryEnabled,
    bool AdaptiveRateLimiting,
    bool BigQueryFirstDrain);
