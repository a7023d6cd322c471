using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Ops;

/// <summary>
/// The typed settings onto <see cref="OpsOptions"/>: the seed's flags email_verification_enabled and
/// orphan_recovery_enabled, max_api_pages as the orphan scan's page limit, and inventory-multiplier as
/// the fixed multiplier, auto-scale-multiplier as the auto-scale switch.
/// </summary>
public static class OpsSettingsMapping
{
    public static OpsOptions From(ColdEmailSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var defaults = new OpsOptions();
        return defaults with
        {
            Verification = defaults.Verification with { Enabled = s.FeatureFlags.EmailVerificationEnabled },
            Orphans = defaults.Orphans with { Enabled = s.FeatureFlags.OrphanRecoveryEnabled, MaxPages = s.Limits.MaxApiPages },
            AutoScale = defaults.AutoScale with { Enabled = s.Limits.AutoScaleMultiplier, FixedMultiplier = s.Limits.InventoryMultiplier },
        };
    }
}
