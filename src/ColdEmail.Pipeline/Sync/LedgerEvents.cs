namespace ColdEmail.Pipeline.Sync;

/// <summary>Marker for the events of a campaign's enrolment ledger (journalled).</summary>
public interface ILedgerEvent
{
    string BatchId { get; }
}

/// <summary>Persisted before the bulk add: these emails may be in Instantly from now on.</summary>
public sealed record BatchClaimed(string BatchId, string Campaign, string CampaignId, IReadOnlyList<string> Emails, DateTimeOffset At) : ILedgerEvent;

/// <summary>Persisted once Instantly's side is known for every lead of the batch.</summary>
public sealed record BatchSettled(string BatchId, IReadOnlyList<LeadOutcome> Outcomes, DateTimeOffset At) : ILedgerEvent;

/// <summary>Persisted once the outcomes are in the warehouse: the batch is closed.</summary>
public sealed record BatchRecorded(string BatchId, DateTimeOffset At) : ILedgerEvent;

/// <summary>A batch that is not yet recorded: claimed only, or settled with its outcomes.</summary>
public sealed record OpenBatch(BatchClaimed Claim, IReadOnlyList<LeadOutcome>? Outcomes)
{
    public bool IsSettled => Outcomes is not null;
}

/// <summary>Snapshot of the ledger: only open batches matter, closed ones are history in the journal.</summary>
public sealed record LedgerSnapshot(IReadOnlyList<OpenBatch> Open, long BatchesRecorded, long LeadsRecorded);
