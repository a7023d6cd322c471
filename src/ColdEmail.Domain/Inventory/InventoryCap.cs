namespace ColdEmail.Domain.Inventory;

/// <summary>What bound the number of leads to add.</summary>
public enum InventoryCap
{
    /// <summary>The deficit itself (including a deficit of zero: stocked).</summary>
    None,
    MaxLeadsPerRun,
    PlanRemainingUploads,
}
