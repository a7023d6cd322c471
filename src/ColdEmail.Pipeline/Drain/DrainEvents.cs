namespace ColdEmail.Pipeline.Drain;

/// <summary>A lead the drain decided to remove, with everything its history row needs.</summary>
public sealed record DrainEntry(
    string Email,
    string CampaignId,
    string LeadId,
    string Reason,
    string Outcome,
    int DaysInCampaign,
    int EmailsOpened,
    int LinksClicked,
    int RepliesReceived,
    string? SuppressionReason,
    string Explanation,
    bool AlreadyGone);

public interface IDrainEvent
{
    string BatchId { get; }
}

/// <summary>Journalled before any delete: these leads are to leave Instantly.</summary>
public sealed record DrainDecided(string BatchId, IReadOnlyList<DrainEntry> Entries, DateTimeOffset At) : IDrainEvent;

/// <summary>Journalled once the deletes and the warehouse writes are done.</summary>
public sealed record DrainRecorded(string BatchId, DateTimeOffset At) : IDrainEvent;

public sealed record DrainJournalSnapshot(IReadOnlyList<DrainDecided> Open);
