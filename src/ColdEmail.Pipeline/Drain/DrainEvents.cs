using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// The one record of a drain decision about a lead: what the journal keeps (<see cref="DrainDecided"/> carries these, so
/// its type name is pinned by old journals), what the warehouse writes (<see cref="ToRecord"/>) and what `plan` shows.
/// Built from the domain's <see cref="DrainDecision"/> by <see cref="From"/>, everything its history row needs. <see cref="Delete"/> false: the
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

    /// <summary>
    /// The classifier's <see cref="DrainDecision.Drain"/> about a lead still in our campaign, or any decision about a lead
    /// that left it (<paramref name="ours"/> false: recorded, released, never deleted; a kept one is recorded as
    /// <paramref name="movedReason"/>). The one place a domain decision becomes the record the journal, the warehouse and `plan` share.
    /// </summary>
    public static DrainEntry From(DrainCandidate candidate, InstantlyLead lead, DrainDecision decision, DateTimeOffset now, int cooldownDays,
        bool ours = true, string movedReason = "moved", string? where = null)
    {
        var (reason, outcome) = decision is DrainDecision.Drain d ? (d.Code, d.HistoryOutcome) : (movedReason, "manual_stop");
        return new DrainEntry(candidate.Email, candidate.CampaignId, lead.Id, reason, outcome, Days(candidate.AddedAt, now),
            lead.EmailOpenCount, lead.EmailClickCount, lead.EmailReplyCount, decision.SuppressionReason,
            ours ? decision.Explanation : $"now in {where}, not ours to delete; {decision.Explanation}",
            AlreadyGone: false, Delete: ours, CooldownUntil: Cooldown(decision.SuppressionReason, now, cooldownDays));
    }

    /// <summary>A lead Instantly no longer has (confirmed by GET 404): recorded as gone, without suppression.</summary>
    public static DrainEntry Gone(DrainCandidate candidate, string reason, DateTimeOffset now, int cooldownDays) =>
        new(candidate.Email, candidate.CampaignId, candidate.InstantlyLeadId, reason, "gone", Days(candidate.AddedAt, now),
            0, 0, 0, null, "not in Instantly (confirmed by GET 404)", AlreadyGone: true, CooldownUntil: Cooldown(null, now, cooldownDays));

    /// <summary>The warehouse's row for this decision (history, state, suppression, cooldown), recorded at <paramref name="at"/>.</summary>
    public DrainRecord ToRecord(DateTimeOffset at) => new(Email, CampaignId, LeadId, Reason, Outcome, at,
        DaysInCampaign, 0, EmailsOpened, LinksClicked, RepliesReceived, SuppressionReason,
        System.Text.Json.JsonSerializer.Serialize(new { explanation = Explanation }), CooldownUntil);

    private static DateTimeOffset? Cooldown(string? suppression, DateTimeOffset now, int cooldownDays) =>
        suppression is null ? now.AddDays(cooldownDays) : null;

    internal static int Days(DateTimeOffset from, DateTimeOffset now) => Math.Max(0, (int)Math.Floor((now - from).TotalDays));
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

/// <summary>
/// Instantly reported these bounces by webhook (<c>email_bounced</c>), each at the event's own time: the bounce time the
/// grace runs from (<see cref="ColdEmail.Domain.Drain.BounceClock"/>'s first source), which Instantly's lead object lacks.
/// Keyed by the normalised address (a hard bounce is the address's, and the event names no lead id). Journalled here,
/// beside the drain's own first sightings, because the drain is what reads them.
/// </summary>
public sealed record BouncesReported(string BatchId, IReadOnlyList<ReportedBounce> Bounces, DateTimeOffset At) : IDrainEvent;

/// <summary>One reported bounce: the address and when it bounced (the webhook event's timestamp).</summary>
public sealed record ReportedBounce(string Email, DateTimeOffset BouncedAt);

/// <param name="BouncesReported">Webhook bounce times by address (absent in snapshots written before they existed).</param>
public sealed record DrainJournalSnapshot(IReadOnlyList<DrainDecided> Open, IReadOnlyDictionary<string, DateTimeOffset>? BounceFirstSeen = null,
    IReadOnlyDictionary<string, DateTimeOffset>? BouncesReported = null);
