using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Drain;

/// <summary>The messages of the drain's cluster topology (a node's worker pool), apart from the drain's own protocol.</summary>
public sealed class DrainTopologyProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<GetDrainWorkerStatus>("drain.get-worker-status")
        .Add<DrainWorkerStatus>("drain.worker-status");
}
