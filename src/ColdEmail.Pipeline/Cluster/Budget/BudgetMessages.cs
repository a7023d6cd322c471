namespace ColdEmail.Pipeline.Cluster.Budget;

/// <summary>A node's permit client asks the workspace budget for up to <paramref name="Wanted"/> permits.</summary>
public sealed record RequestWorkspacePermits(string Node, int Wanted, long Sequence);

/// <summary>
/// The budget's answer. <paramref name="Granted"/> permits may be spent before <paramref name="ValidUntil"/>; with fewer than
/// wanted, ask again after <paramref name="RetryAfter"/>. <paramref name="PausedUntil"/> is the cluster-wide pause (an open
/// breaker or a 429 seen on any node): the budget grants nothing until then.
/// </summary>
public sealed record WorkspacePermits(string Node, int Granted, DateTimeOffset ValidUntil, TimeSpan RetryAfter, DateTimeOffset? PausedUntil, long Sequence);

/// <summary>A node saw its breaker open or a 429: every node stops spending until <paramref name="Until"/>.</summary>
public sealed record ReportWorkspacePause(string Node, DateTimeOffset Until, string Reason);

public sealed record GetWorkspaceBudgetStatus
{
    public static readonly GetWorkspaceBudgetStatus Instance = new();
}

/// <summary>For `cluster status`: where the budget runs, what it granted to each node over the last minute.</summary>
public sealed record WorkspaceBudgetStatus(
    string Address, DateTimeOffset StartedAt, IReadOnlyDictionary<string, int> GrantsLastMinute, int UnreachableNodes, DateTimeOffset? PausedUntil, string? PauseReason);

/// <summary>Published on the local EventStream when a budget starts or stops on this node (status, tests).</summary>
public sealed record WorkspaceBudgetLifecycle(string Address, bool Running, DateTimeOffset At);
