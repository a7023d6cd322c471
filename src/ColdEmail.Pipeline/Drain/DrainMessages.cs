using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Drain;

/// <summary>Run one drain pass; answered with a <see cref="Runs.DrainRunSummary"/>.</summary>
public sealed record DrainOnce(string RunId);

/// <summary>
/// One batch for a worker; answered with a <see cref="DrainBatchResult"/>. <see cref="Dry"/>: decide only (the reads and
/// the classification of a real batch) and answer the decisions in <see cref="DrainBatchResult.Plan"/>; nothing is
/// journalled, written, suppressed or deleted (`plan`).
/// </summary>
public sealed record DrainBatch(string BatchId, IReadOnlyList<DrainCandidate> Candidates, DateTimeOffset Now, bool Dry = false);

public sealed record DrainBatchResult(
    string BatchId,
    int Checked,
    int Kept,
    int Deleted,
    int AlreadyGone,
    IReadOnlyDictionary<string, int> ByReason,
    IReadOnlyList<string> Failures,
    DrainPlan? Plan = null)
{
    public static DrainBatchResult Empty(string batchId) => new(batchId, 0, 0, 0, 0, new Dictionary<string, int>(), []);
}

public sealed record PersistDrainEvent(IDrainEvent Event);

public sealed record DrainAck(string BatchId);

public sealed record ApplyDrainSettings(DrainOptions Options);

public sealed record GetDrainJournalStatus
{
    public static readonly GetDrainJournalStatus Instance = new();
}

public sealed record DrainJournalStatus(IReadOnlyList<DrainDecided> Open);

/// <summary>
/// Asks the coordinator when it first saw these bounced leads (recording now for those it never saw) and, for the bounced
/// <paramref name="Emails"/>, when a webhook reported their bounce.
/// </summary>
public sealed record ObserveBounces(string BatchId, IReadOnlyList<string> LeadIds, DateTimeOffset At, IReadOnlyList<string>? Emails = null);

/// <param name="FirstSeen">By lead id: when the drain first saw it bounced.</param>
/// <param name="Reported">By address: the bounce time a webhook reported (the event's own time).</param>
public sealed record BounceSightings(IReadOnlyDictionary<string, DateTimeOffset> FirstSeen, IReadOnlyDictionary<string, DateTimeOffset>? Reported = null);

/// <summary>Bounces a webhook reported, to journal with their own times; answered with <see cref="BounceReportsRecorded"/> once journalled.</summary>
public sealed record RecordBounceReports(IReadOnlyList<ReportedBounce> Bounces);

public sealed record BounceReportsRecorded(int Count);

/// <summary>A lead the drain keeps in its campaign (sequence not over); <see cref="SuppressionReason"/>: suppressed at first sight all the same.</summary>
public sealed record KeptLead(string Email, string CampaignId, string LeadId, string Explanation, string? SuppressionReason);

/// <summary>
/// What a dry batch decided: the drain decisions a real batch would journal and record (<see cref="DrainEntry"/>, the one
/// decision record), the leads it would keep, and the candidates Instantly could not be asked about (left due).
/// </summary>
public sealed record DrainPlan(IReadOnlyList<DrainEntry> Decided, IReadOnlyList<KeptLead> Kept, IReadOnlyList<DrainCandidate> Unchecked)
{
    public static readonly DrainPlan Empty = new([], [], []);

    public DrainPlan Add(DrainPlan other) => new([.. Decided, .. other.Decided], [.. Kept, .. other.Kept], [.. Unchecked, .. other.Unchecked]);
}
