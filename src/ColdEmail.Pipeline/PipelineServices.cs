using ColdEmail.Instantly;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>
/// What the actors work with. <see cref="Instantly"/> is the gateway's facade, so every request is
/// paced and guarded; <see cref="Time"/> is the business clock (the demo shares the sandbox's).
/// </summary>
public sealed record PipelineServices(IInstantlyApi Instantly, ILeadWarehouse Warehouse, TimeProvider Time, IRunNotifier Notifier);
