namespace ColdEmail.Domain.Inventory;

/// <summary>
/// Keeps a campaign stocked: target = ceil(need × multiplier) where need is its daily new-lead
/// capacity; deficit = max(0, target − active); what we add is the deficit capped by the run's limit
/// and by the plan's remaining uploads (null = unknown, no cap).
/// </summary>
public static class InventoryPlanner
{
    public static InventoryPlan Plan(int need, double multiplier, int active, int maxLeadsPerRun, int? planRemainingUploads)
    {
        if (need < 0) throw new ArgumentOutOfRangeException(nameof(need), need, "daily capacity cannot be negative");
        if (active < 0) throw new ArgumentOutOfRangeException(nameof(active), active, "active lead count cannot be negative");
        if (maxLeadsPerRun < 0) throw new ArgumentOutOfRangeException(nameof(maxLeadsPerRun), maxLeadsPerRun, "max leads per run cannot be negative");
        if (double.IsNaN(multiplier) || double.IsInfinity(multiplier) || multiplier < 0)
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "multiplier must be a finite number ≥ 0 (InventoryMultiplier clamps it)");

        var targetExact = Math.Ceiling(need * multiplier);
        var target = targetExact >= int.MaxValue ? int.MaxValue : (int)targetExact;
        var deficit = Math.Max(0, target - active);
        var remaining = planRemainingUploads is { } r ? Math.Max(0, r) : (int?)null;

        var toAdd = deficit;
        var cap = InventoryCap.None;
        if (maxLeadsPerRun < toAdd) { toAdd = maxLeadsPerRun; cap = InventoryCap.MaxLeadsPerRun; }
        if (remaining is { } left && left < toAdd) { toAdd = left; cap = InventoryCap.PlanRemainingUploads; }

        var head = $"target ceil({need} × {multiplier:0.###}) = {target}, active {active}, deficit {deficit}";
        var reason = cap switch
        {
            InventoryCap.MaxLeadsPerRun => $"{head}: adding {toAdd}, capped by max leads per run ({maxLeadsPerRun})",
            InventoryCap.PlanRemainingUploads => $"{head}: adding {toAdd}, capped by the plan's remaining uploads ({remaining})",
            _ when deficit == 0 => $"{head}: stocked, nothing to add",
            _ => $"{head}: adding {toAdd}" + (remaining is null ? " (plan's remaining uploads unknown)" : ""),
        };
        return new InventoryPlan(need, multiplier, target, active, deficit, toAdd, cap, reason);
    }
}
