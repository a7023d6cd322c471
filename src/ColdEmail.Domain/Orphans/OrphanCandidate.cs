namespace ColdEmail.Domain.Orphans;

/// <summary>
/// An Instantly lead as the full scan sees it, plus what we know of it: its campaign (null = none),
/// its status code, how many sequence steps it has had, and our last state change or activity.
/// </summary>
public sealed record OrphanCandidate(
    string LeadId,
    string Email,
    string? CampaignId,
    int Status,
    int StepsSent,
    DateTimeOffset? LastActivityAt,
    DateTimeOffset CreatedAt,
    int RecoveryAttempts = 0);

public sealed record OrphanPolicy(int StuckDays = 14, int MaxRecoveryAttempts = 3)
{
    public static readonly OrphanPolicy Default = new();
}

public enum OrphanKind { NoCampaign, DeletedCampaign, StuckStatus }

public enum RecoveryAction { Reassign, Delete, ManualReview }

/// <summary>Null <see cref="Kind"/> means the lead is not an orphan.</summary>
public sealed record OrphanDecision(OrphanKind? Kind, RecoveryAction? Action, int DaysOrphaned, string Reason)
{
    public bool IsOrphan => Kind is not null;

    public string? KindCode => Kind switch
    {
        OrphanKind.NoCampaign => "no_campaign",
        OrphanKind.DeletedCampaign => "deleted_campaign",
        OrphanKind.StuckStatus => "stuck_status",
        _ => null,
    };

    public string? ActionCode => Action switch
    {
        RecoveryAction.Reassign => "reassign",
        RecoveryAction.Delete => "delete",
        RecoveryAction.ManualReview => "manual_review",
        _ => null,
    };
}
