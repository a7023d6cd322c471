using ColdEmail.Domain.Inventory;

namespace ColdEmail.Pipeline.Sync;

/// <summary>Top up this campaign once; answered with a <see cref="CampaignSyncResult"/>.</summary>
public sealed record SyncCampaign(string RunId);

/// <summary>Live reload: takes effect from the next run (a running one finishes with what it started with).</summary>
public sealed record ApplyCampaignSettings(CampaignOptions Campaign, SyncOptions Sync);

/// <summary>From the campaign's run to its actor: journal this ledger event, then answer <see cref="LedgerAck"/>.</summary>
public sealed record PersistLedgerEvent(ILedgerEvent Event);

public sealed record LedgerAck(string BatchId);

/// <summary>
/// Sharding's hand-off stop message for a campaign entity (a node leaves gracefully, or its shard is rebalanced): instead of
/// being stopped in the middle of a batch, the campaign lets the batches in flight settle in the ledger, starts no new one
/// (its run answers with what it enrolled; the next run, on the next home, adds the rest), and then stops; idle, it stops
/// at once. Sharding's hand-off timeout still bounds the wait (then it is stopped, and its next home reconciles what was
/// open, as after a crash).
/// </summary>
public sealed record CampaignHandOff
{
    public static readonly CampaignHandOff Instance = new();
}

public sealed record GetLedgerStatus
{
    public static readonly GetLedgerStatus Instance = new();
}

public sealed record LedgerStatus(string Campaign, IReadOnlyList<OpenBatch> Open, long BatchesRecorded, long LeadsRecorded);

/// <summary>
/// Verification in a sync run: addresses given a verdict, refused (our rules or Instantly's), and pending: with
/// Instantly's verification on, addresses left unenrolled until it settles; off, created leads it never verified.
/// </summary>
public sealed record VerificationCounts(int Checked, int Rejected, int Pending)
{
    public static readonly VerificationCounts Zero = new(0, 0, 0);
    public VerificationCounts Add(VerificationCounts o) => new(Checked + o.Checked, Rejected + o.Rejected, Pending + o.Pending);
}

/// <summary>What one campaign's sync did.</summary>
public sealed record CampaignSyncResult(
    string Campaign,
    string? CampaignId,
    InventoryPlan? Plan,
    int Created,
    int Skipped,
    int Quarantined,
    int DeadLettered,
    int Recovered,
    int Returned,
    int Scanned,
    VerificationCounts Verification,
    IReadOnlyList<string> Failures)
{
    public bool Succeeded => Failures.Count == 0;

    /// <summary>Where <see cref="InventoryPlan.Multiplier"/> came from: auto-scaled (and why) or the configured one.</summary>
    public string? MultiplierReason { get; init; }

    /// <summary>
    /// Set when the run failed for a reason of the request or account (key, plan, deleted campaign, a request
    /// Instantly refuses) rather than of a lead: the run fails, lead state is untouched, and an alert goes out
    /// once per change of this state.
    /// </summary>
    public string? AccountProblem { get; init; }

    /// <summary>
    /// The campaign handed off (its node leaves, or its shard moves) before its run was done: this answers for what that
    /// home did, and the sync run asks again, so the campaign's next home does the rest under the same run id.
    /// </summary>
    public bool HandedOff { get; init; }

    public static CampaignSyncResult Failed(string campaign, string? campaignId, string failure) =>
        new(campaign, campaignId, null, 0, 0, 0, 0, 0, 0, 0, VerificationCounts.Zero, [failure]);

    /// <summary>One run of the campaign done on two homes, this one's part first: the counts added, the first home's plan.</summary>
    public CampaignSyncResult Then(CampaignSyncResult next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new(Campaign, next.CampaignId ?? CampaignId, Plan ?? next.Plan, Created + next.Created, Skipped + next.Skipped,
            Quarantined + next.Quarantined, DeadLettered + next.DeadLettered, Recovered + next.Recovered, Returned + next.Returned,
            Scanned + next.Scanned, Verification.Add(next.Verification), [.. Failures, .. next.Failures])
        {
            MultiplierReason = MultiplierReason ?? next.MultiplierReason,
            AccountProblem = next.AccountProblem ?? AccountProblem,
            HandedOff = next.HandedOff,
        };
    }
}
