using System.Collections.Immutable;

namespace ColdEmail.Domain.Budget;

/// <summary>
/// The workspace budget as a pure decider: state in, grant out, new state back. It grants a request only as far as
/// both sliding windows (see <see cref="BudgetLimits"/>) still have room, after setting aside the static share of
/// every node it cannot reach (such a node spends on its own, see <see cref="BudgetLimits.StaticShare"/>).
/// Time never runs backwards inside it: a request stamped earlier than the last grant counts as at the last grant.
/// </summary>
public sealed class WorkspaceBudget
{
    private readonly ImmutableQueue<Spend> _spends;
    private readonly DateTimeOffset _clock;

    private WorkspaceBudget(BudgetLimits limits, ImmutableQueue<Spend> spends, DateTimeOffset clock, int unreachable)
    {
        Limits = limits;
        _spends = spends;
        _clock = clock;
        UnreachableNodes = unreachable;
    }

    public BudgetLimits Limits { get; }

    /// <summary>Nodes currently set aside at their static share.</summary>
    public int UnreachableNodes { get; }

    /// <summary>Grants still inside the longest window, oldest first.</summary>
    public IEnumerable<Spend> Spends => _spends;

    /// <summary>
    /// A budget that has just taken over. The previous one may have granted the whole of both windows right before it
    /// went away, and its grants died with it; so the new one starts as if every window were full at <paramref name="now"/>
    /// and grants nothing until one window has passed.
    /// </summary>
    public static WorkspaceBudget AfterHandOver(BudgetLimits limits, DateTimeOffset now)
    {
        limits.Validate();
        // One phantom spend of a whole minute's worth fills both spans (per-minute is at least per-second).
        var phantom = ImmutableQueue.Create(new Spend(now, limits.PerMinute, "(previous budget)"));
        return new WorkspaceBudget(limits, phantom, now, 0);
    }

    /// <summary>A budget with nothing spent (a node's own fallback share, or a test).</summary>
    public static WorkspaceBudget Empty(BudgetLimits limits, DateTimeOffset now) =>
        new(limits.Validate(), ImmutableQueue<Spend>.Empty, now, 0);

    /// <summary>Sets aside the static share of <paramref name="count"/> nodes the budget cannot reach.</summary>
    public WorkspaceBudget WithUnreachable(int count) =>
        new(Limits, _spends, _clock, Math.Clamp(count, 0, Limits.ExpectedNodes));

    /// <summary>Decides <paramref name="request"/> at <paramref name="now"/>.</summary>
    public (WorkspaceBudget Next, PermitGrant Grant) Decide(PermitRequest request, DateTimeOffset now)
    {
        var at = now > _clock ? now : _clock;
        var spends = Prune(_spends, at - Limits.MinuteSpan);
        var share = Limits.StaticShare();
        var secondCap = Math.Max(0, Limits.PerSecond - UnreachableNodes * share.PerSecond);
        var minuteCap = Math.Max(0, Limits.PerMinute - UnreachableNodes * share.PerMinute);
        var inSecond = SumSince(spends, at - Limits.SecondSpan);
        var inMinute = SumSince(spends, at - Limits.MinuteSpan);
        var room = Math.Min(secondCap - Math.Min(secondCap, inSecond), minuteCap - Math.Min(minuteCap, inMinute));
        var granted = Math.Clamp(request.Wanted, 0, room);
        if (granted > 0) spends = spends.Enqueue(new Spend(at, granted, request.Node));
        var retry = granted >= request.Wanted ? TimeSpan.Zero : RetryAfter(spends, at, secondCap, minuteCap);
        var next = new WorkspaceBudget(Limits, spends, at, UnreachableNodes);
        return (next, new PermitGrant(request.Node, granted, at, at + Limits.Lease, retry));
    }

    /// <summary>Permits granted to each node over the last minute (for `cluster status`).</summary>
    public IReadOnlyDictionary<string, int> GrantsPerNode(DateTimeOffset now) =>
        Prune(_spends, now - Limits.MinuteSpan).GroupBy(s => s.Node).ToDictionary(g => g.Key, g => g.Sum(s => s.Count), StringComparer.Ordinal);

    private static ImmutableQueue<Spend> Prune(ImmutableQueue<Spend> spends, DateTimeOffset after)
    {
        // A spend at exactly `after` has left the open window (t - span, t].
        while (!spends.IsEmpty && spends.Peek().At <= after) spends = spends.Dequeue();
        return spends;
    }

    private static int SumSince(ImmutableQueue<Spend> spends, DateTimeOffset after)
    {
        var sum = 0;
        foreach (var s in spends) if (s.At > after) sum += s.Count;
        return sum;
    }

    /// <summary>The earliest time at which at least one permit fits in both windows again.</summary>
    private TimeSpan RetryAfter(ImmutableQueue<Spend> spends, DateTimeOffset at, int secondCap, int minuteCap)
    {
        if (secondCap == 0 || minuteCap == 0) return BudgetLimits.Second;
        var wait = TimeSpan.Zero;
        foreach (var (span, cap) in new[] { (Limits.SecondSpan, secondCap), (Limits.MinuteSpan, minuteCap) })
        {
            var inWindow = spends.Where(s => s.At > at - span).ToList();
            var excess = inWindow.Sum(s => s.Count) - cap + 1;
            foreach (var s in inWindow)
            {
                if (excess <= 0) break;
                excess -= s.Count;
                var freed = s.At + span - at;
                if (freed > wait) wait = freed;
            }
        }
        return wait > TimeSpan.Zero ? wait : Limits.Lease;
    }
}
