using ColdEmail.Domain.Budget;
using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>The workspace budget's limits from the settings: rate-limit's workspace figures, the cluster's lease and node count.</summary>
public static class ClusterLimits
{
    public static BudgetLimits From(ColdEmailSettings s) =>
        new(s.RateLimit.RequestsPerSecond, s.RateLimit.RequestsPerMinute, s.Cluster.PermitLease, s.Cluster.ExpectedNodes);
}
