using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Ops;

/// <summary>Run the orphan full scan; answered with an <see cref="Orphans.OrphanRecoveryReport"/>. DryRun changes nothing (for <c>plan</c>).</summary>
public sealed record RecoverOrphans(bool DryRun);

/// <summary>The multiplier campaigns plan with now; answered with an <see cref="Inventory.MultiplierAnswer"/>.</summary>
public sealed record GetInventoryMultiplier
{
    public static readonly GetInventoryMultiplier Instance = new();
}

/// <summary>Per campaign, the latest performance snapshot in [From, To]; answered with a <see cref="CampaignPerformanceReport"/>.</summary>
public sealed record GetCampaignPerformanceReport(DateOnly From, DateOnly To);

public sealed record CampaignPerformanceReport(IReadOnlyList<CampaignPerformanceReportRow> Rows);
