using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Tests.Ops;

public sealed class OpsSettingsMappingTests
{
    [Fact]
    public void The_seed_flags_and_limits_reach_the_features()
    {
        var s = ColdEmailSettings.Defaults;
        var on = OpsSettingsMapping.From(s);
        Assert.True(on.Verification.Enabled);
        Assert.True(on.Orphans.Enabled);
        Assert.Equal(s.Limits.MaxApiPages, on.Orphans.MaxPages);
        Assert.Equal(s.Limits.InventoryMultiplier, on.AutoScale.FixedMultiplier);
        Assert.False(on.AutoScale.Enabled, "auto-scale-multiplier is off by default");
        Assert.True(OpsSettingsMapping.From(s with { Limits = s.Limits with { AutoScaleMultiplier = true } }).AutoScale.Enabled);

        var off = OpsSettingsMapping.From(s with
        {
            FeatureFlags = s.FeatureFlags with { EmailVerificationEnabled = false, OrphanRecoveryEnabled = false },
            Limits = s.Limits with { InventoryMultiplier = 4.5 },
        });
        Assert.False(off.Verification.Enabled);
        Assert.False(off.Orphans.Enabled);
        Assert.Equal(4.5, off.AutoScale.FixedMultiplier);
        off.Validate();
    }
}
