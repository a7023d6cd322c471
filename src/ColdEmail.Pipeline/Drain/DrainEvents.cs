namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// A lead the drain decided about, with everything its history row needs. <see cref="Delete"/> false: the
/// outcome is recorded and our tracking released, but the lead is not ours to delete (a rep moved it to
/// another campaign, or it sits in a lead list). <see cref="CooldownUntil"/>: when the person may be enrolled
/// again (null when suppressed).
/// </summary>
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
    bool AlreadyGone,
    bool Delete = true,
    DateTimeOffset? CooldownUntil = null)
{
    /// <summary>Nothing left to do in Instantly once the decision is recorded.</summary>
    public bool NeedsNoDelete => AlreadyGone || !Delete;
}

public interface IDrainEvent
{
    string BatchId { get; }
}

/// <summary>
/// Journalled first: the decision is open until its deletes are confirmed. The warehouse write (history,
/// suppression, state) follows at once and before any delete; an open decision is completed again (write,
/// delete, confirm) at the start of every run, so a lost answer or a crash never loses the outcome.
/// </summary>
public sealed record DrainDecided(string BatchId, IReadOnlyList<DrainEntry> Entries, DateTimeOffset At) : IDrainEvent;

/// <summary>Some leads of an open decision are confirmed gone (or not ours to delete); the rest stay open.</summary>
public sealed record DrainConfirmed(string BatchId, IReadOnlyList<string> LeadIds, DateTimeOffset At) : IDrainEvent;

/// <summary>Every lead of the decision is recorded and confirmed: the decision is closed.</summary>
public sealed record DrainRecorded(string BatchId, DateTimeOffset At) : IDrainEvent;

/// <summary>
/// The drain saw these leads with status -1 for the first time at <see cref="At"/>. Instantly's lead has no
/// bounce time; when neither a recorded bounce nor <c>timestamp_last_contact</c> is known, the bounce grace runs
/// from here. Kept in this journal (not the warehouse) because the processor already talks to it for every
/// decision, it is durable, and it needs no schema change in three SQL dialects.
/// </summary>
public sealed record BouncesFirstSeen(string BatchId, IReadOnlyList<string> LeadIds, DateTimeOffset At) : IDrainEvent;

public sealed record DrainJournalSnapshot(IReadOnlyList<DrainDecided> Open, IReadOnlyDictionary<string, DateTimeOffset>? BounceFirstSeen = null);
