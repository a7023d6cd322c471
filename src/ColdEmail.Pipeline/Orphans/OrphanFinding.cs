namespace ColdEmail.Pipeline.Orphans;

/// <summary>What recovery does with a lead it found.</summary>
public enum OrphanAction
{
    /// <summary>In one of our campaigns but not tracked: record it ACTIVE in ops_inst_state (never re-added).</summary>
    Adopt,
    /// <summary>Ours, its campaign gone and its sequence over by the drain's rules: record the outcome, then delete it from Instantly.</summary>
    Delete,
    /// <summary>In no campaign but ours by its Instantly id, and nothing to record: delete the campaign-less copy and return the lead to routing.</summary>
    Release,
    /// <summary>A person must look: a dead letter row with the reason.</summary>
    ManualReview,
    /// <summary>Listed and logged only: the removal it would need is off (coldemail.orphans.*), or nothing proves the lead is ours.</summary>
    Report,
}

/// <summary>
/// The drain's verdict on a lead recovery would remove: what is written to the warehouse (history, and the
/// suppression when <see cref="SuppressionReason"/> is set) before Instantly is asked to delete it.
/// <see cref="AlreadyRecorded"/>: an earlier scan wrote it and only the delete is left to retry.
/// <see cref="CampaignId"/>: the campaign the outcome is recorded under (ours; for a campaign-less lead, the one we enrolled it in).
/// </summary>
public sealed record OrphanDrain(
    string CampaignId,
    string Reason,
    string Outcome,
    string? SuppressionReason,
    int Opens,
    int Clicks,
    int Replies,
    string Explanation,
    bool AlreadyRecorded);

/// <summary>One lead the scan found and what recovery does (or, in a dry run, would do) with it.</summary>
public sealed record OrphanFinding(
    string LeadId,
    string? Email,
    string? CampaignId,
    string Kind,
    OrphanAction Action,
    int DaysOrphaned,
    int Status,
    string Reason,
    OrphanDrain? Drain = null,
    string? KeptSuppression = null)
{
    /// <summary>Why the person goes on the suppression list now, whether or not the lead is removed (null: no suppression).</summary>
    public string? SuppressionReason => Drain?.SuppressionReason ?? KeptSuppression;
}

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

    /// <summary>Findings only listed (their removal is off, or they are not provably ours).</summary>
    public int Reported { get; init; }

    /// <summary>People put on the suppression list by this scan (a suppressing outcome found on a lead it did not remove).</summary>
    public int Suppressed { get; init; }

    public static OrphanRecoveryReport Skipped(string because) => new(true, 0, false, [], 0, 0, 0, 0, []) { SkippedBecause = because };

    public static OrphanRecoveryReport Disabled { get; } = Skipped("orphan recovery is off (orphan_recovery_enabled)");
}
