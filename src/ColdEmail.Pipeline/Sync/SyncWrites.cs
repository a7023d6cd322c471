using Akka.Actor;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Everything a sync run writes, and nothing it decides: the claim journalled before the bulk add, the add
/// (<see cref="BatchEnroller"/>), the settle, the warehouse write and the close, and the completion of batches a crash
/// left open. A dry run (`plan`) is built without this object, so it cannot reach Instantly's add, the journal or a
/// warehouse write at all.
/// </summary>
internal sealed class SyncWrites
{
    private readonly string _runId;
    private readonly CampaignOptions _campaign;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly IActorRef _ledger;
    private readonly BatchEnroller _enroller;
    private readonly OutcomeWriter _writer;
    private readonly ILogger _log;
    private int _batchNumber;
    private int _leftOpen;

    public SyncWrites(string runId, CampaignOptions campaign, SyncOptions options, PipelineServices services, IActorRef ledger, IScheduler scheduler, ILogger log)
    {
        _runId = runId;
        _campaign = campaign;
        _options = options;
        _time = services.Time;
        _ledger = ledger;
        _enroller = new BatchEnroller(services.Instantly, _time, (d, ct) => scheduler.WaitAsync(d, ct), options);
        _writer = new OutcomeWriter(services.Warehouse);
        _log = log;
    }

    /// <summary>Why the enroller stopped sending (a request or account fault), or null.</summary>
    public string? StopReason => _enroller.StopReason;

    /// <summary>Batches whose outcome Instantly could not tell: they stay claimed for the next run to reconcile.</summary>
    public int LeftOpen => Volatile.Read(ref _leftOpen);

    /// <summary>
    /// Claimed but unsettled batches are reconciled before anything is sent: leads found in the campaign
    /// are active (never added again), the rest return to the pool. Settled batches are written.
    /// </summary>
    public async Task CompleteOpenBatchesAsync(IReadOnlyCollection<OpenBatch> open, SyncTally tally, CancellationToken ct)
    {
        foreach (var batch in open.OrderBy(b => b.Claim.At))
        {
            var claim = batch.Claim;
            var outcomes = batch.Outcomes;
            if (outcomes is null)
            {
                var (found, error) = await _enroller.ReconcileAsync(claim.CampaignId, claim.Emails, ct).ConfigureAwait(false);
                if (found is null)
                    throw new InvalidOperationException($"batch {claim.BatchId} of {claim.Campaign} is unsettled and Instantly cannot be asked: {error}");
                outcomes = RecoveredOutcomes.From(claim.Emails, found, "found in the campaign when recovering an unsettled batch");
                await PersistAsync(new BatchSettled(claim.BatchId, outcomes, _time.GetUtcNow())).ConfigureAwait(false);
                _log.Warning("Recovered unsettled batch {BatchId}: {Active} found in Instantly, {Returned} returned to the pool",
                    claim.BatchId, outcomes.Count(o => o.Kind == OutcomeKind.Active), outcomes.Count(o => o.Kind == OutcomeKind.Returned));
            }
            await _writer.WriteAsync(claim.Campaign, claim.CampaignId, outcomes, new Dictionary<string, DeadLetter>(), _time.GetUtcNow(), ct).ConfigureAwait(false);
            await PersistAsync(new BatchRecorded(claim.BatchId, _time.GetUtcNow())).ConfigureAwait(false);
            tally.Recovered += outcomes.Count(o => o.Kind != OutcomeKind.Returned);
            tally.Count(outcomes);
        }
    }

    /// <summary>Claim (journalled before the call), bulk add, settle (journalled).</summary>
    public async Task<SyncBatchResult> EnrolAsync(string campaignId, ScreenedBatch batch, IReadOnlyDictionary<string, int> prior, CancellationToken ct)
    {
        var batchId = $"{_runId}:{_campaign.Name}:{Interlocked.Increment(ref _batchNumber)}";
        var sendable = batch.Sendable;
        await PersistAsync(new BatchClaimed(batchId, _campaign.Name, campaignId, sendable.Select(c => c.Email).ToList(), _time.GetUtcNow())).ConfigureAwait(false);
        var enrolled = await _enroller.EnrolAsync(campaignId, sendable, prior, ct).ConfigureAwait(false);
        if (BatchEnroller.LeavesBatchOpen(enrolled))
        {
            // Whether Instantly applied the add is unknown: the claim stays open, exactly as after a crash, and the
            // next run reconciles it before it sends anything. Nothing of it is settled or dead-lettered now.
            Interlocked.Increment(ref _leftOpen);
            _log.Warning("Batch {BatchId} of {Campaign} left open: its outcome is unknown; the next run reconciles it", batchId, _campaign.Name);
            return new SyncBatchResult(null, batch.Refused, batch.Checked, batch.Rejected, batch.Pending);
        }
        var outcomes = enrolled.Concat(batch.Refused).ToList();
        await PersistAsync(new BatchSettled(batchId, outcomes, _time.GetUtcNow())).ConfigureAwait(false);
        return new SyncBatchResult(batchId, outcomes, batch.Checked, batch.Rejected, batch.Pending);
    }

    /// <summary>Write settled batches to the warehouse in one go, then close each in the journal.</summary>
    public async Task RecordAsync(string campaignId, IReadOnlyList<SyncBatchResult> group, IReadOnlyDictionary<string, DeadLetter> earlier, CancellationToken ct)
    {
        await _writer.WriteAsync(_campaign.Name, campaignId, group.SelectMany(b => b.Outcomes).ToList(), earlier, _time.GetUtcNow(), ct).ConfigureAwait(false);
        foreach (var b in group.Where(b => b.BatchId is not null))
            await PersistAsync(new BatchRecorded(b.BatchId!, _time.GetUtcNow())).ConfigureAwait(false);
    }

    private Task<LedgerAck> PersistAsync(ILedgerEvent e) => _ledger.Ask<LedgerAck>(new PersistLedgerEvent(e), _options.LedgerTimeout);
}
