using ColdEmail.Domain.Inventory;

namespace ColdEmail.Domain.Tests.Inventory;

public class InventoryPlannerTests
{
    [Fact]
    public void Target_is_the_ceiling_of_need_times_multiplier()
    {
        var plan = InventoryPlanner.Plan(need: 50, multiplier: 3.5, active: 0, maxLeadsPerRun: 10_000, planRemainingUploads: null);
        Assert.Equal(175, plan.Target);
        Assert.Equal(175, plan.Deficit);
        Assert.Equal(175, plan.ToAdd);
        Assert.Equal(InventoryCap.None, plan.BoundBy);
        Assert.Contains("unknown", plan.Reason);
    }

    [Fact]
    public void Target_rounds_up() =>
        Assert.Equal(106, InventoryPlanner.Plan(30, 3.51, 0, 1000, null).Target); // 105.3 → 106

    [Fact]
    public void Deficit_subtracts_active_leads() =>
        Assert.Equal(75, InventoryPlanner.Plan(50, 3.5, 100, 1000, null).ToAdd);

    [Fact]
    public void An_overstocked_campaign_gets_nothing_never_a_negative_number()
    {
        var plan = InventoryPlanner.Plan(50, 3.5, 400, 1000, null);
        Assert.Equal(0, plan.Deficit);
        Assert.Equal(0, plan.ToAdd);
        Assert.Contains("stocked", plan.Reason);
    }

    [Fact]
    public void Max_leads_per_run_caps_the_deficit()
    {
        var plan = InventoryPlanner.Plan(50, 3.5, 0, maxLeadsPerRun: 100, planRemainingUploads: 1000);
        Assert.Equal(100, plan.ToAdd);
        Assert.Equal(InventoryCap.MaxLeadsPerRun, plan.BoundBy);
        Assert.Contains("max leads per run", plan.Reason);
    }

    [Fact]
    public void Remaining_uploads_cap_the_deficit()
    {
        var plan = InventoryPlanner.Plan(50, 3.5, 0, maxLeadsPerRun: 100, planRemainingUploads: 40);
        Assert.Equal(40, plan.ToAdd);
        Assert.Equal(InventoryCap.PlanRemainingUploads, plan.BoundBy);
        Assert.Contains("remaining uploads", plan.Reason);
    }

    [Fact]
    public void Negative_remaining_uploads_count_as_none_left() =>
        Assert.Equal(0, InventoryPlanner.Plan(50, 3.5, 0, 100, -5).ToAdd);

    [Fact]
    public void A_non_finite_multiplier_is_refused_by_name() =>
        Assert.Equal("multiplier", Assert.Throws<ArgumentOutOfRangeException>(() => InventoryPlanner.Plan(50, double.NaN, 0, 100, null)).ParamName);

    [Fact]
    public void A_huge_target_saturates_instead_of_overflowing()
    {
        var plan = InventoryPlanner.Plan(int.MaxValue, 10, 0, 100, null);
        Assert.Equal(int.MaxValue, plan.Target);
        Assert.Equal(100, plan.ToAdd);
    }
}
