using ColdEmail.Pipeline.Cluster.Budget;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Cluster mode's messages: the budget protocol crosses nodes (permit client ↔ budget singleton); the permit client's messages
/// stay on their node but are registered like everything else. Lifecycle events only travel on a node's own EventStream.
/// </summary>
public sealed class ClusterProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<RequestWorkspacePermits>("budget.request")
        .Add<WorkspacePermits>("budget.permits")
        .Add<ReportWorkspacePause>("budget.pause")
        .Add<GetWorkspaceBudgetStatus>("budget.get-status")
        .Add<WorkspaceBudgetStatus>("budget.status")
        .Add<WorkspaceBudgetLifecycle>("budget.lifecycle")
        .Add<AcquireWorkspacePermit>("permits.acquire")
        .Add<WorkspacePermitGranted>("permits.granted")
        .Add<ReportWorkspaceRateLimited>("permits.rate-limited")
        .Add<GetPermitClientStatus>("permits.get-status")
        .Add<PermitClientStatus>("permits.status");
}
