using System.Globalization;
using ColdEmail.Pipeline.Cluster.Status;

namespace ColdEmail.Cli.Output;

/// <summary>`cluster status` as plain aligned text: one line per member, singleton, campaign and node (greppable, no colour).</summary>
public static class ClusterStatusText
{
    public static async Task WriteAsync(TextWriter o, ClusterStatusView v)
    {
        await o.WriteLineAsync($"Cluster status from {v.AnsweredBy} (leader {v.Leader ?? "none"})");
        await o.WriteLineAsync();
        await o.WriteLineAsync($"Members ({v.Members.Count}):");
        foreach (var m in v.Members)
        {
            var roles = m.Roles.Count == 0 ? "" : "  roles " + string.Join(",", m.Roles);
            await o.WriteLineAsync($"  {m.Address,-44} {m.Status,-9} {(m.Reachable ? "reachable" : "UNREACHABLE"),-11}{(m.Oldest ? " oldest" : "")}{roles}");
        }
        await o.WriteLineAsync();
        await o.WriteLineAsync("Singletons:");
        foreach (var s in v.Singletons) await o.WriteLineAsync($"  {s.Name,-24} {s.Node ?? "(none: hand-over in progress)"}");
        await o.WriteLineAsync();
        await o.WriteLineAsync($"Campaigns ({v.Campaigns.Count} placed, {v.Unplaced.Count} not placed):");
        foreach (var c in v.Campaigns) await o.WriteLineAsync($"  {c.Campaign,-24} {c.Node}");
        foreach (var c in v.Unplaced) await o.WriteLineAsync($"  {c,-24} (not placed)");
        await o.WriteLineAsync();
        if (v.Budget is { } b)
        {
            await o.WriteLineAsync($"Workspace budget on {b.Address} since {Stamp(b.StartedAt)}; grants over the last minute:");
            foreach (var (node, grants) in b.GrantsLastMinute.OrderBy(g => g.Key, StringComparer.Ordinal))
                await o.WriteLineAsync($"  {node,-44} {grants,6}");
            await o.WriteLineAsync(b.PausedUntil is { } until
                ? $"  PAUSED until {Stamp(until)}: {b.PauseReason}"
                : "  not paused");
            if (b.UnreachableNodes > 0) await o.WriteLineAsync($"  static share set aside for {b.UnreachableNodes} unreachable node(s)");
        }
        else await o.WriteLineAsync("Workspace budget: no answer");
        await o.WriteLineAsync();
        await o.WriteLineAsync("Nodes:");
        foreach (var n in v.Nodes)
        {
            if (!n.Answered)
            {
                await o.WriteLineAsync($"  {n.Address,-44} no answer ({string.Join("; ", n.Problems)})");
                continue;
            }
            var breaker = n.Breaker is { } cb
                ? $"breaker {cb.State}{(cb.OpenUntil is { } u ? " until " + Stamp(u) : "")} ({cb.Failures} failures in {cb.Samples})"
                : "breaker ?";
            var permits = n.Permits is { } p
                ? $"permits: {p.PermitsInHand} in hand, {p.Waiting} waiting, {p.GrantedByBudget} from the budget, {p.GrantedByFallback} on its own{(p.OnStaticShare ? ", ON STATIC SHARE" : "")}"
                : "permits ?";
            await o.WriteLineAsync($"  {n.Address,-44} {breaker}; {permits}");
            foreach (var problem in n.Problems) await o.WriteLineAsync($"    ! {problem}");
        }
        foreach (var problem in v.Problems) await o.WriteLineAsync($"! {problem}");
    }

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
