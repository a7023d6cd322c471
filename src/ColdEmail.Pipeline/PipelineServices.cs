using ColdEmail.Instantly;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>
/// What the actors work with. <see cref="Instantly"/> is the gateway's facade, so every request is
/// paced and guarded; <see cref="Time"/> is the business clock (the demo shares the sandbox's).
/// <see cref="Multiplier"/> and <see cref="Verifier"/> come from the ops services; absent, the sync plans
/// with the campaign's fixed multiplier and enrols without asking Instantly to verify.
/// </summary>
public sealed record PipelineServices(IInstantlyApi Instantly, ILeadWarehouse Warehouse, TimeProvider Time, IRunNotifier Notifier)
{
    public IInventoryMultiplierSource? Multiplier { get; init; }
    public IEmailVerifier? Verifier { get; init; }
    /// <summary>The daemon's instruments; null (nothing recorded) when the host registered none.</summary>
    public Observability.ColdEmailMetrics? Metrics { get; init; }
}
