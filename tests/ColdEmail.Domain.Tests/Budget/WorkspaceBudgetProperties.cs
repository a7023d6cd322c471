using ColdEmail.Domain.Budget;
using CsCheck;

namespace ColdEmail.Domain.Tests.Budget;

public class WorkspaceBudgetProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly BudgetLimits Limits = new(100, 6000, TimeSpan.FromMilliseconds(250), 3);

    /// <summary>A request: which node, how many permits, how long after the previous request (ms).</summary>
    private static readonly Gen<(int Node, int Wanted, int GapMs)> GenStep = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 60], Gen.Int[0, 400]);
    private static readonly Gen<(int Node, int Wanted, int GapMs)[]> GenRun = GenStep.Array[1, 400];

    [Fact]
    public void Permits_spendable_in_any_window_never_exceed_either_limit() =>
        GenRun.Sample(steps =>
        {
            var grants = Run(WorkspaceBudget.Empty(Limits, T0), T0, steps).Grants;
            AssertWithinLimits(grants, Limits.PerSecond, Limits.PerMinute);
        });

    [Fact]
    public void A_busy_workspace_gets_its_budget_not_just_a_trickle()
    {
        // 3 nodes asking for 10 permits every 10 ms for two minutes: the minute limit (less the lease overlap) is reached.
        var steps = Enumerable.Range(0, 12_000).Select(i => (i % 3, 10, 10)).ToArray();
        var grants = Run(WorkspaceBudget.Empty(Limits, T0), T0, steps).Grants;
        var lastMinute = grants.Where(g => g.At > T0 + TimeSpan.FromSeconds(60)).Sum(g => g.Granted);
        Assert.InRange(lastMinute, 4000, 6000);
    }

    [Fact]
    public void Budget_and_cut_off_nodes_on_their_static_share_stay_within_the_limit_together() =>
        Gen.Select(GenRun, Gen.Int[0, 2], GenStep.Array[1, 300]).Sample((steps, unreachable, cutOffSteps) =>
        {
            var budget = WorkspaceBudget.Empty(Limits, T0).WithUnreachable(unreachable);
            var all = Run(budget, T0, steps).Grants.ToList();
            // Each unreachable node spends on its own share, as hard as it likes.
            for (var n = 0; n < unreachable; n++)
                all.AddRange(Run(WorkspaceBudget.Empty(Limits.StaticShare(), T0), T0, cutOffSteps).Grants);
            AssertWithinLimits(all, Limits.PerSecond, Limits.PerMinute);
        });

    [Fact]
    public void A_new_budget_after_hand_over_keeps_the_limits_across_the_hand_over() =>
        Gen.Select(GenRun, GenRun, Gen.Int[0, 5_000]).Sample((before, after, pauseMs) =>
        {
            var (old, oldGrants, oldClock) = Run(WorkspaceBudget.Empty(Limits, T0), T0, before);
            _ = old;
            var handOver = oldClock + TimeSpan.FromMilliseconds(pauseMs);
            var newGrants = Run(WorkspaceBudget.AfterHandOver(Limits, handOver), handOver, after).Grants;
            Assert.All(newGrants.Where(g => g.At < handOver + Limits.MinuteSpan), g => Assert.Equal(0, g.Granted));
            AssertWithinLimits(oldGrants.Concat(newGrants).ToList(), Limits.PerSecond, Limits.PerMinute);
        });

    [Fact]
    public void A_new_budget_grants_again_once_its_first_window_has_passed()
    {
        var budget = WorkspaceBudget.AfterHandOver(Limits, T0);
        var (budget2, refused) = budget.Decide(new PermitRequest("a", 5), T0 + TimeSpan.FromSeconds(10));
        Assert.Equal(0, refused.Granted);
        var (_, granted) = budget2.Decide(new PermitRequest("a", 5), refused.At + refused.RetryAfter);
        Assert.Equal(5, granted.Granted);
    }

    [Fact]
    public void Retry_after_a_refusal_is_when_a_permit_fits_again() =>
        GenRun.Sample(steps =>
        {
            var (budget, grants, clock) = Run(WorkspaceBudget.Empty(Limits, T0), T0, steps);
            var (next, answer) = budget.Decide(new PermitRequest("x", 1_000_000), clock);
            if (answer.Granted == 1_000_000) return;
            Assert.True(answer.RetryAfter > TimeSpan.Zero);
            var (_, retried) = next.Decide(new PermitRequest("x", 1), clock + answer.RetryAfter);
            Assert.Equal(1, retried.Granted);
        });

    [Fact]
    public void Static_shares_of_all_expected_nodes_add_up_to_at_most_the_limit() =>
        Gen.Select(Gen.Int[1, 500], Gen.Int[1, 1000], Gen.Int[1, 20]).Sample((perSecond, extra, nodes) =>
        {
            var limits = new BudgetLimits(perSecond, perSecond + extra, TimeSpan.FromMilliseconds(100), nodes);
            var share = limits.StaticShare();
            if (perSecond >= nodes) Assert.True(share.PerSecond * nodes <= perSecond);
            if (perSecond + extra >= nodes) Assert.True(share.PerMinute * nodes <= perSecond + extra);
        });

    [Fact]
    public void Invalid_limits_name_the_field()
    {
        Assert.Contains("per-second", Assert.Throws<ArgumentException>(() => (Limits with { PerSecond = 0 }).Validate()).Message);
        Assert.Contains("lease", Assert.Throws<ArgumentException>(() => (Limits with { Lease = TimeSpan.Zero }).Validate()).Message);
        Assert.Contains("expected-nodes", Assert.Throws<ArgumentException>(() => (Limits with { ExpectedNodes = 0 }).Validate()).Message);
    }

    private static (WorkspaceBudget Budget, IReadOnlyList<PermitGrant> Grants, DateTimeOffset Clock) Run(
        WorkspaceBudget budget, DateTimeOffset start, IEnumerable<(int Node, int Wanted, int GapMs)> steps)
    {
        var grants = new List<PermitGrant>();
        var clock = start;
        foreach (var (node, wanted, gap) in steps)
        {
            clock += TimeSpan.FromMilliseconds(gap);
            (budget, var grant) = budget.Decide(new PermitRequest("node-" + node, wanted), clock);
            Assert.InRange(grant.Granted, 0, wanted);
            Assert.Equal(grant.At + Limits.Lease, grant.ValidUntil);
            grants.Add(grant);
        }
        return (budget, grants, clock);
    }

    /// <summary>
    /// A permit granted at g can be spent in [g, g + lease). The permits spendable in a window [x, x + w) are those
    /// granted in (x - lease, x + w); the busiest such window starts just after a grant's expiry or ends just after a grant.
    /// </summary>
    private static void AssertWithinLimits(IReadOnlyList<PermitGrant> grants, int perSecond, int perMinute)
    {
        var tick = TimeSpan.FromTicks(1);
        foreach (var (w, limit) in new[] { (BudgetLimits.Second, perSecond), (BudgetLimits.Minute, perMinute) })
        {
            foreach (var g in grants.Where(g => g.Granted > 0))
            {
                foreach (var x in new[] { g.At - w + tick, g.At + Limits.Lease - tick })
                {
                    var spendable = grants.Where(o => o.At > x - Limits.Lease && o.At < x + w).Sum(o => o.Granted);
                    Assert.True(spendable <= limit, $"{spendable} permits spendable in the {w} from {x:O} (limit {limit})");
                }
            }
        }
    }
}
