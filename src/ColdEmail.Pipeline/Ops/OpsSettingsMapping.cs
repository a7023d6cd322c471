using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Ops;

/// <summary>
/// The typed settings onto <see cref="OpsOptions"/>: the seed's flags email_verification_enabled and
/// orphan_recovery_enabled, max_api_pages as the orphan scan's page limit, coldemail.orphans.* as how far it may go, and inventory-multiplier as
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
            Orphans = defaults.Orphans with
            {
                Enabled = s.FeatureFlags.OrphanRecoveryEnabled,
                MaxPages = s.Limits.MaxApiPages,
                Scope = s.Orphans.WorkspaceScope ? OrphanScanScope.Workspace : OrphanScanScope.ConfiguredCampaigns,
                AllowDelete = s.Orphans.Delete,
                AllowRelease = s.Orphans.Release,
                // The drain's rules, so recovery classifies a lead it would remove exactly as the drain would.
                DrainPolicy = DrainPolicyMapping.From(s),
            },
            AutoScale = defaults.AutoScale with { Enabled = s.Limits.AutoScaleMultiplier, FixedMultiplier = s.Limits.InventoryMultiplier },
        };
    }
}
