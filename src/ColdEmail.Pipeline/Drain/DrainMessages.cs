using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Drain;

/// <summary>Run one drain pass; answered with a <see cref="Runs.DrainRunSummary"/>.</summary>
public sealed record DrainOnce(string RunId);

/// <summary>One batch for a worker; answered with a <see cref="DrainBatchResult"/>.</summary>
public sealed record DrainBatch(string BatchId, IReadOnlyList<DrainCandidate> Candidates, DateTimeOffset Now);

public sealed record DrainBatchResult(
    string BatchId,
    int Checked,
    int Kept,
    int Deleted,
    int AlreadyGone,
    IReadOnlyDictionary<string, int> ByReason,
    IReadOnlyList<string> Failures)
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

/// <summary>Asks the coordinator when it first saw these bounced leads (recording now for those it never saw).</summary>
public sealed record ObserveBounces(string BatchId, IReadOnlyList<string> LeadIds, DateTimeOffset At);

public sealed record BounceSightings(IReadOnlyDictionary<string, DateTimeOffset> FirstSeen);
