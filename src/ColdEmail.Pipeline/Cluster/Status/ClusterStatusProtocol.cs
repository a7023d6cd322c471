using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>`cluster status`'s messages: the node that serves GET /cluster asks every member for its report.</summary>
public sealed class ClusterStatusProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<GetNodeStatus>("cluster.get-node-status")
        .Add<NodeStatusReport>("cluster.node-status");
}
