namespace ColdEmail.Domain.Inventory;

/// <summary>How many leads a campaign should get in this run, with every number that led there.</summary>
public sealed record InventoryPlan(
    int Need,
    double Multiplier,
    int Target,
    int Active,
    int Deficit,
    int ToAdd,
    InventoryCap BoundBy,
    string Reason);
