namespace ColdEmail.Pipeline.Cluster.Budget;

/// <summary>The local gateway asks for one workspace permit for its request (node-local; never crosses nodes).</summary>
public sealed record AcquireWorkspacePermit(long RequestId);

/// <summary>The request may be sent now.</summary>
public sealed record WorkspacePermitGranted(long RequestId);

/// <summary>Instantly answered 429 on this node: the whole workspace pauses (null: one second).</summary>
public sealed record ReportWorkspaceRateLimited(TimeSpan? RetryAfter);

public sealed record GetPermitClientStatus
{
    public static readonly GetPermitClientStatus Instance = new();
}

/// <summary>This node's view: permits in hand, requests waiting, whether it is spending its static share on its own.</summary>
public sealed record PermitClientStatus(string Node, int PermitsInHand, int Waiting, bool OnStaticShare, long GrantedByBudget, long GrantedByFallback);
