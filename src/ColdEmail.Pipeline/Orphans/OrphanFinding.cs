namespace ColdEmail.Pipeline.Orphans;

/// <summary>What recovery does with a lead it found.</summary>
public enum OrphanAction
{
    /// <summary>In one of our campaigns but not tracked: record it ACTIVE in ops_inst_state (never re-added).</summary>
    Adopt,
    /// <summary>In a campaign that is not ours or no longer exists: delete it from Instantly.</summary>
    Delete,
    /// <summary>In no campaign but ours by email: delete the campaign-less copy and return the lead to routing.</summary>
    Release,
    /// <summary>A person must look: a dead letter row with the reason.</summary>
    ManualReview,
}

/// <summary>One lead the scan found and what recovery does (or, in a dry run, would do) with it.</summary>
public sealed record OrphanFinding(
    string LeadId,
    string? Email,
    string? CampaignId,
    string Kind,
    OrphanAction Action,
    int DaysOrphaned,
    int Status,
    string Reason);

/// <summary>A scan's result: what it read, what it found, what it did, and what failed (with why).</summary>
public sealed record OrphanRecoveryReport(
    bool DryRun,
    int Scanned,
    bool Truncated,
    IReadOnlyList<OrphanFinding> Findings,
    int Adopted,
    int Deleted,
    int Released,
    int Reviewed,
    IReadOnlyList<string> Failures)
{
    /// <summary>Why nothing was scanned (the flag is off, or the warehouse cannot track orphans); null when it ran. Not a failure.</summary>
    public string? SkippedBecause { get; init; }

    public static OrphanRecoveryReport Skipped(string because) => new(true, 0, false, [], 0, 0, 0, 0, []) { SkippedBecause = because };

    public static OrphanRecoveryReport Disabled { get; } = Skipped("orphan recovery is off (orphan_recovery_enabled)");
}
