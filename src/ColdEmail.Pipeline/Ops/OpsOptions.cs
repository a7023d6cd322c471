using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Pipeline.Verification;

namespace ColdEmail.Pipeline.Ops;

/// <summary>
/// The features around the pipeline: verification (flag email_verification_enabled), orphan recovery
/// (flag orphan_recovery_enabled), performance snapshots, and the auto-scaled inventory multiplier
/// (coldemail.limits.auto-scale-multiplier, falling back to inventory-multiplier).
/// </summary>
public sealed record OpsOptions
{
    public EmailVerificationOptions Verification { get; init; } = new();
    public OrphanOptions Orphans { get; init; } = new();
    public PerformanceOptions Performance { get; init; } = new();
    public AutoScaleOptions AutoScale { get; init; } = new();

    public void Validate()
    {
        Verification.Validate();
        Orphans.Validate();
        Performance.Validate();
        AutoScale.Validate();
    }
}
