using ColdEmail.Domain.Inventory;
using CsCheck;

namespace ColdEmail.Domain.Tests.Inventory;

public class InventoryPlannerProperties
{
    [Fact]
    public void What_is_added_is_the_deficit_under_every_cap_and_the_bound_is_named() =>
        Gen.Select(Gen.Int[0, 100_000], Gen.Double[0, 10], Gen.Int[0, 1_000_000], Gen.Int[0, 10_000], Gen.Int[-10, 10_000].Nullable())
            .Sample((need, multiplier, active, maxPerRun, remaining) =>
            {
                var plan = InventoryPlanner.Plan(need, multiplier, active, maxPerRun, remaining);
                var expected = Math.Min(plan.Deficit, Math.Min(maxPerRun, remaining is { } r ? Math.Max(0, r) : int.MaxValue));
                Assert.Equal(expected, plan.ToAdd);
                Assert.InRange(plan.ToAdd, 0, plan.Deficit);
                Assert.Equal(Math.Max(0, plan.Target - active), plan.Deficit);
                Assert.True(plan.Target >= need * multiplier - 1e-6);
                if (plan.BoundBy == InventoryCap.MaxLeadsPerRun) Assert.Equal(maxPerRun, plan.ToAdd);
                if (plan.BoundBy == InventoryCap.None) Assert.Equal(plan.Deficit, plan.ToAdd);
            });
}
