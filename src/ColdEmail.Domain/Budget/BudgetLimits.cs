namespace ColdEmail.Domain.Budget;

/// <summary>
/// Instantly's workspace limits as the budget enforces them. A permit granted at <c>t</c> may be spent until
/// <c>t + Lease</c>, so the budget counts grants over <c>window + lease</c>: whatever moment a node spends its permits,
/// no real window of <see cref="PerSecond"/> or <see cref="PerMinute"/> can hold more requests than the limit.
/// </summary>
public sealed record BudgetLimits(int PerSecond, int PerMinute, TimeSpan Lease, int ExpectedNodes)
{
    public static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Instantly's published workspace limits, one node.</summary>
    public static BudgetLimits Instantly { get; } = new(100, 6000, TimeSpan.FromMilliseconds(250), 1);

    /// <summary>Span over which grants are summed for the per-second limit (window plus the lease a permit lives).</summary>
    public TimeSpan SecondSpan => Second + Lease;

    /// <summary>Span over which grants are summed for the per-minute limit.</summary>
    public TimeSpan MinuteSpan => Minute + Lease;

    /// <summary>Throws naming the field when a limit cannot be enforced.</summary>
    public BudgetLimits Validate()
    {
        if (PerSecond < 1) throw new ArgumentException($"per-second must be at least 1, got {PerSecond}");
        if (PerMinute < PerSecond) throw new ArgumentException($"per-minute ({PerMinute}) must be at least per-second ({PerSecond})");
        if (Lease <= TimeSpan.Zero || Lease > Second) throw new ArgumentException($"lease must be in (0, 1s], got {Lease}");
        if (ExpectedNodes < 1) throw new ArgumentException($"expected-nodes must be at least 1, got {ExpectedNodes}");
        return this;
    }

    /// <summary>
    /// What one node may spend on its own while it cannot reach the budget: the limit divided by the expected nodes
    /// (rounded down, at least 1), so that all nodes cut off at once still stay within the workspace limit.
    /// </summary>
    public BudgetLimits StaticShare() =>
        this with { PerSecond = Math.Max(1, PerSecond / ExpectedNodes), PerMinute = Math.Max(1, PerMinute / ExpectedNodes), ExpectedNodes = 1 };
}
