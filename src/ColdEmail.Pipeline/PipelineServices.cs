using ColdEmail.Instantly;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>
/// The services one run works with (a sync, a drain pass, a dry plan), assembled inside the actor from what it was constructed
/// with; never carried in Props or in a message (an actor takes its services from the node's service provider, see
/// <see cref="Hosting.PipelineServiceRegistration"/>). <see cref="Instantly"/> is the gateway's facade, so every request is paced
/// and guarded; <see cref="Time"/> is the business clock (the demo shares the sandbox's). Without <see cref="Multiplier"/> the
/// sync plans with the campaign's fixed multiplier; without <see cref="Verifier"/> it enrols without asking Instantly to verify.
/// </summary>
public sealed record PipelineServices(IInstantlyApi Instantly, ILeadWarehouse Warehouse, TimeProvider Time)
{
    public IInventoryMultiplierSource? Multiplier { get; init; }
    public IEmailVerifier? Verifier { get; init; }
    /// <summary>The daemon's instruments; null (nothing recorded) when the host registered none.</summary>
    public Observability.ColdEmailMetrics? Metrics { get; init; }
}
