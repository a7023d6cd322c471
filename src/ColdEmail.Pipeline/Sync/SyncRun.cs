using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using ColdEmail.Domain.Inventory;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// One sync run of one campaign, driven by its <see cref="CampaignActor"/>: finish what a crash left
/// open, plan the deficit, then stream ready leads from the warehouse (best score first, throttled,
/// backpressured) into bulk batches. Every batch goes claim → add → settle → write → record through
/// the actor's journal, so a crash at any point is completed or reconciled on recovery.
/// </summary>
public sealed class SyncRun
{
    private readonly CampaignOptions _campaign;
    private readonly SyncOptions _options;
    private readonly IInstantlyApi _instantly;
    private readonly ILeadWarehouse _warehouse;
    private readonly TimeProvider _time;
    private readonly IActorRef _ledger;
    private readonly IMaterializer _materializer;
    private readonly BatchEnroller _enroller;
    private readonly OutcomeWriter _writer;
    private readonly EmailVerificationRules? _rules;
    private readonly IEmailVerifier? _verifier;
    private readonly IInventoryMultiplierSource? _multiplier;
    private readonly ILogger _log;
    private readonly string _runId;
    private int _batchNumber;
    private int _verificationCallsFailed;
    private int _leftOpen;

    public SyncRun(string runId, CampaignOptions campaign, SyncOptions options, PipelineServices services, IActorRef ledger, IMaterializer materializer, IScheduler scheduler)
    {
        _runId = runId;
        _campaign = campaign;
        _options = options;
        _instantly = services.Instantly;
        _warehouse = services.Warehouse;
        _time = services.Time;
        _ledger = ledger;
        _materializer = materializer;
        _enroller = new BatchEnroller(_instantly, _time, (d, ct) => scheduler.WaitAsync(d, ct), options);
        _writer = new OutcomeWriter(_warehouse);
        _rules = options.VerificationEnabled ? new EmailVerificationRules(options.Verification) : null;
        // The flag off means no verification call at all, whatever the verifier would answer.
        _verifier = options.VerificationEnabled ? services.Verifier : null;
        _multiplier = services.Multiplier;
        _log = Log.ForContext<SyncRun>().ForContext("Campaign", campaign.Name);
    }

    private sealed class Tally
    {
        public int Created, Skipped, Quarantined, DeadLettered, Recovered, Returned, Scanned, Checked, Rejected, Pending;
        public readonly List<string> Failures = [];

        public void Count(IEnumerable<LeadOutcome> outcomes)
        {
            foreach (var o in outcomes)
            {
                switch (o.Kind)
                {
                    case OutcomeKind.Active: Created++; break;
                    case OutcomeKind.Skipped: Skipped++; break;
                    case OutcomeKind.Quarantine: Quarantined++; break;
                    case OutcomeKind.DeadLetter: DeadLettered++; break;
                    case OutcomeKind.Returned: Returned++; break;
                }
            }
        }
    }

    public async Task<CampaignSyncResult> ExecuteAsync(IReadOnlyCollection<OpenBatch> open, IReadOnlySet<string> inFlight, CancellationToken ct)
    {
        var campaignId = await ResolveCampaignIdAsync(ct).ConfigureAwait(false);
        var tally = new Tally();
        await CompleteOpenBatchesAsync(open, tally, ct).ConfigureAwait(false);

        var (campaign, missing) = await CheckCampaignAsync(campaignId, ct).ConfigureAwait(false);
        if (missing is not null)
            return Failed(campaignId, tally, missing);

        var (plan, multiplierReason) = await PlanAsync(campaignId, campaign, ct).ConfigureAwait(false);
        _log.Information("Sync plan for {Campaign}: {Reason}; multiplier {Multiplier}: {MultiplierReason}",
            _campaign.Name, plan.Reason, plan.Multiplier, multiplierReason);

        var earlier = await DueLettersAsync(ct).ConfigureAwait(false);
        // Emails of batches still open are kept out of the pages; the ones completed above are free again
        // (a lead returned to the pool may be enrolled in this very run).
        var seen = new EmailFingerprints(inFlight);
        foreach (var email in open.SelectMany(b => b.Claim.Emails)) seen.Remove(email);
        var createdBefore = tally.Created;
        var failedBefore = tally.DeadLettered;
        for (var round = 1; round <= _options.MaxRounds; round++)
        {
            // Skipped and quarantined leads are replaced by further reading; failed ones and those awaiting
            // verification are not: when Instantly is failing, more reading would only turn more leads into
            // dead letters, and both are the best candidates of the next run anyway.
            var wanted = plan.ToAdd - (tally.Created - createdBefore) - (tally.DeadLettered - failedBefore) - tally.Pending;
            if (wanted <= 0) break;
            var scannedBefore = tally.Scanned + tally.Pending;
            await RunRoundAsync(campaignId, wanted, seen, earlier, tally, ct).ConfigureAwait(false);
            if (_enroller.StopReason is not null || _leftOpen > 0) break;
            if (tally.Scanned + tally.Pending == scannedBefore) break; // the pool is empty
        }
        if (_enroller.StopReason is { } stop)
        {
            // A fault of the request or the account: no lead is to blame, so none was touched; the run fails and alerts.
            tally.Failures.Add(stop);
            _log.Error("Sync of {Campaign} stopped: {Reason}", _campaign.Name, stop);
        }
        if (_leftOpen > 0)
            tally.Failures.Add($"{_leftOpen} batch(es) left open: Instantly could not say whether the add was applied; the next run reconciles them before sending");

        var created = tally.Created - createdBefore;
        if (_verificationCallsFailed > 0)
            _log.Warning("{Count} leads of {Campaign} not enrolled: Instantly's email verification could not be asked; asked again on the next run",
                _verificationCallsFailed, _campaign.Name);
        _log.Information("Synced {Campaign}: {Created} created, {Skipped} skipped, {Quarantined} quarantined, {DeadLettered} dead letters, {Pending} awaiting verification; multiplier {Multiplier} ({MultiplierReason})",
            _campaign.Name, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered, tally.Pending, plan.Multiplier, multiplierReason);
        // Without Instantly's verification, every created lead is one Instantly has not verified.
        var pending = _verifier is null ? created : tally.Pending;
        return new CampaignSyncResult(_campaign.Name, campaignId, plan, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered,
            tally.Recovered, tally.Returned, tally.Scanned, new VerificationCounts(tally.Checked, tally.Rejected, pending), tally.Failures)
        {
            MultiplierReason = multiplierReason,
            AccountProblem = _enroller.StopReason,
        };
    }

    private CampaignSyncResult Failed(string campaignId, Tally tally, string reason)
    {
        _log.Error("Sync of {Campaign} stopped before enrolling: {Reason}", _campaign.Name, reason);
        tally.Failures.Add(reason);
        return new CampaignSyncResult(_campaign.Name, campaignId, null, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered,
            tally.Recovered, tally.Returned, tally.Scanned, VerificationCounts.Zero, tally.Failures) { AccountProblem = reason };
    }

    /// <summary>
    /// One GET of the campaign before anything is enrolled: a deleted campaign (404), a revoked key or an unpaid plan
    /// fails the run here, before a single lead is read. Other failures (a 5xx, an open breaker) do not prove the
    /// campaign is gone; the run goes on and the bulk add judges.
    /// </summary>
    private async Task<(Campaign? Campaign, string? Missing)> CheckCampaignAsync(string campaignId, CancellationToken ct)
    {
        var info = await _instantly.GetCampaignAsync(campaignId, ct).ConfigureAwait(false);
        if (info.IsSuccess) return (info.Value, null);
        if (BatchEnroller.Classify(info.Error) == Domain.Retry.BulkAddFault.Account)
            return (null, info.Error.StatusCode == 404
                ? $"campaign {_campaign.Name} ({campaignId}) does not exist in Instantly or was deleted ({info.Error}); nothing enrolled, its leads stay ready"
                : $"Instantly refused to show campaign {_campaign.Name} ({info.Error}); nothing enrolled, its leads stay ready");
        _log.Warning("Could not read campaign {Campaign} from Instantly ({Error}); going on", _campaign.Name, info.Error);
        return (null, null);
    }

    private async Task<string> ResolveCampaignIdAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(_campaign.InstantlyCampaignId)) return _campaign.InstantlyCampaignId;
        string? cursor = null;
        do
        {
            var page = await _instantly.ListCampaignsAsync(100, cursor, ct).ConfigureAwait(false);
            if (!page.IsSuccess)
                throw new InvalidOperationException($"campaign {_campaign.Name}: could not list Instantly campaigns to find its id: {page.Error}");
            var match = page.Value.Items.FirstOrDefault(c => string.Equals(c.Name, _campaign.Name, StringComparison.OrdinalIgnoreCase));
            if (match is not null) return match.Id;
            cursor = page.Value.Items.Count == 0 ? null : page.Value.NextStartingAfter;
        } while (cursor is not null);
        throw new InvalidOperationException($"campaign {_campaign.Name}: no Instantly campaign has this name and no id is configured");
    }

    /// <summary>
    /// Claimed but unsettled batches are reconciled before anything is sent: leads found in the campaign
    /// are active (never added again), the rest return to the pool. Settled batches are written.
    /// </summary>
    private async Task CompleteOpenBatchesAsync(IReadOnlyCollection<OpenBatch> open, Tally tally, CancellationToken ct)
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

    private async Task<(InventoryPlan Plan, string MultiplierReason)> PlanAsync(string campaignId, Campaign? info, CancellationToken ct)
    {
        var need = _campaign.DailyCapacity;
        if (_campaign.UseInstantlyDailyLimit)
        {
            if (info is not null && (info.DailyMaxLeads ?? info.DailyLimit) is { } fromInstantly and > 0) need = fromInstantly;
            else if (info is null) _log.Warning("Campaign {Campaign} unread; using the configured daily capacity {Need}", _campaign.Name, need);
        }
        var counts = await _warehouse.CountActiveByCampaignAsync(ct).ConfigureAwait(false);
        var active = counts.GetValueOrDefault(campaignId);
        if (_campaign.ReconcileActiveWithInstantly)
        {
            // The warehouse may lag Instantly (a lead added by hand, a write that failed): trust the
            // larger count, so the campaign is never overfilled.
            var analytics = await _instantly.GetCampaignAnalyticsAsync([campaignId], ct: ct).ConfigureAwait(false);
            if (analytics.IsSuccess && analytics.Value.FirstOrDefault(a => a.CampaignId == campaignId) is { } a)
            {
                var inInstantly = Math.Max(0, a.LeadsCount - a.CompletedCount - a.BouncedCount - a.UnsubscribedCount);
                if (inInstantly != active)
                    _log.Warning("Campaign {Campaign}: the warehouse counts {Warehouse} active leads, Instantly {Instantly}; planning with {Used}",
                        _campaign.Name, active, inInstantly, Math.Max(active, inInstantly));
                active = Math.Max(active, inInstantly);
            }
            else if (!analytics.IsSuccess)
                _log.Warning("Could not read analytics of {Campaign} ({Error}); planning with the warehouse count {Active}", _campaign.Name, analytics.Error, active);
        }
        var (multiplier, why) = await MultiplierAsync(ct).ConfigureAwait(false);
        return (InventoryPlanner.Plan(need, multiplier, active, _options.MaxLeadsPerRun, null), why);
    }

    /// <summary>The auto-scaled multiplier when the ops service computed one, else the campaign's own (as <see cref="MultiplierResolution"/> decides).</summary>
    private async Task<(double Value, string Reason)> MultiplierAsync(CancellationToken ct)
    {
        var configured = _campaign.InventoryMultiplier;
        if (_multiplier is null) return (configured, $"campaign's configured multiplier {configured:0.###}");
        var answer = await _multiplier.CurrentAsync(ct).ConfigureAwait(false);
        return answer.AutoScaled
            ? (answer.Value, $"auto-scaled: {answer.Reason}")
            : (configured, $"campaign's configured multiplier {configured:0.###} ({answer.Reason})");
    }

    private async Task<Dictionary<string, DeadLetter>> DueLettersAsync(CancellationToken ct)
    {
        var due = await _warehouse.DeadLettersDueAsync(_time.GetUtcNow(), 100_000, ct).ConfigureAwait(false);
        var prefix = OutcomeWriter.Operation + ":" + _campaign.Name + ":";
        return due.Where(d => d.Id.StartsWith(prefix, StringComparison.Ordinal))
            .GroupBy(d => d.Email, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    private async Task RunRoundAsync(string campaignId, int wanted, EmailFingerprints seen, Dictionary<string, DeadLetter> earlier, Tally tally, CancellationToken ct)
    {
        var query = new ReadyLeadQuery(_campaign.Routing, _campaign.Name, _options.WarehousePageSize, null, _time.GetUtcNow());
        var valid = 0;
        var source = Source.From(() => _warehouse.StreamReadyLeadsAsync(query, ct))
            .Select(p => Candidate.From(p, _rules))
            .Where(c => seen.Add(c.Email))
            .TakeWhile(c =>
            {
                if (valid >= wanted) return false;
                if (c.IsValid) valid++;
                return true;
            });
        if (_options.ReadRatePerSecond > 0)
            source = source.Throttle(_options.ReadRatePerSecond, TimeSpan.FromSeconds(1), _options.ReadRatePerSecond, ThrottleMode.Shaping);

        var prior = earlier.ToDictionary(kv => kv.Key, kv => kv.Value.RetryCount, StringComparer.Ordinal);
        await source
            .Grouped(_options.BatchSize)
            .SelectAsync(_options.BatchParallelism, batch => EnrolBatchAsync(campaignId, batch.ToList(), prior, ct))
            // Settled batches that finish close together share one warehouse write: the warehouse's cost
            // is per statement far more than per row.
            .GroupedWithin(_options.WriteCoalescing, TimeSpan.FromMilliseconds(20))
            .SelectAsync(1, group => RecordAsync(campaignId, group.ToList(), earlier, ct))
            .RunForeach(results =>
            {
                foreach (var r in results)
                {
                    tally.Count(r.Outcomes);
                    tally.Scanned += r.Outcomes.Count;
                    tally.Checked += r.Checked;
                    tally.Rejected += r.Rejected;
                    tally.Pending += r.Pending;
                }
            }, _materializer).ConfigureAwait(false);
    }

    private sealed record BatchResult(string? BatchId, IReadOnlyList<LeadOutcome> Outcomes, int Checked, int Rejected, int Pending);

    /// <summary>Verify (when on), claim (journalled before the call), bulk add, settle (journalled).</summary>
    private async Task<BatchResult> EnrolBatchAsync(string campaignId, List<Candidate> batch, IReadOnlyDictionary<string, int> prior, CancellationToken ct)
    {
        // Once the request or the account failed, later batches are neither verified (credits) nor claimed.
        if (_enroller.StopReason is not null) return new BatchResult(null, [], 0, 0, 0);
        var sendable = batch.Where(c => c.IsValid).ToList();
        var refused = batch.Where(c => !c.IsValid)
            .Select(c => new LeadOutcome(c.Email, OutcomeKind.Quarantine, null, c.RejectReason!)).ToList();
        var rejected = refused.Count(o => o.Reason.StartsWith("verification rules", StringComparison.Ordinal));
        var pending = 0;
        if (_verifier is not null && sendable.Count > 0)
        {
            var verdicts = await _verifier.VerifyAsync(sendable.Select(c => EmailAddress.Parse(c.Email)).ToList(), ct).ConfigureAwait(false);
            var send = new List<Candidate>(sendable.Count);
            foreach (var c in sendable)
            {
                switch (verdicts.GetValueOrDefault(c.Email))
                {
                    case VerificationDecision.Send: send.Add(c); break;
                    case VerificationDecision.Reject reject:
                        refused.Add(new LeadOutcome(c.Email, OutcomeKind.Quarantine, null, $"email verification: {reject.Reason}"));
                        rejected++;
                        break;
                    // Wait (or no verdict): neither claimed nor recorded, so the next run reads and asks again.
                    case VerificationDecision.Wait wait when wait.Reason.StartsWith("Instantly verification failed", StringComparison.Ordinal):
                        Interlocked.Increment(ref _verificationCallsFailed);
                        pending++;
                        break;
                    default: pending++; break;
                }
            }
            sendable = send;
        }
        var checkedCount = _rules is null ? 0 : sendable.Count + rejected;
        if (sendable.Count == 0) return new BatchResult(null, refused, checkedCount, rejected, pending);

        var batchId = $"{_runId}:{_campaign.Name}:{Interlocked.Increment(ref _batchNumber)}";
        await PersistAsync(new BatchClaimed(batchId, _campaign.Name, campaignId, sendable.Select(c => c.Email).ToList(), _time.GetUtcNow())).ConfigureAwait(false);
        var enrolled = await _enroller.EnrolAsync(campaignId, sendable, prior, ct).ConfigureAwait(false);
        if (BatchEnroller.LeavesBatchOpen(enrolled))
        {
            // Whether Instantly applied the add is unknown: the claim stays open, exactly as after a crash, and the
            // next run reconciles it before it sends anything. Nothing of it is settled or dead-lettered now.
            Interlocked.Increment(ref _leftOpen);
            _log.Warning("Batch {BatchId} of {Campaign} left open: its outcome is unknown; the next run reconciles it", batchId, _campaign.Name);
            return new BatchResult(null, refused, checkedCount, rejected, pending);
        }
        var outcomes = enrolled.Concat(refused).ToList();
        await PersistAsync(new BatchSettled(batchId, outcomes, _time.GetUtcNow())).ConfigureAwait(false);
        return new BatchResult(batchId, outcomes, checkedCount, rejected, pending);
    }

    /// <summary>Write settled batches to the warehouse in one go, then close each in the journal.</summary>
    private async Task<IReadOnlyList<BatchResult>> RecordAsync(string campaignId, List<BatchResult> group, IReadOnlyDictionary<string, DeadLetter> earlier, CancellationToken ct)
    {
        await _writer.WriteAsync(_campaign.Name, campaignId, group.SelectMany(b => b.Outcomes).ToList(), earlier, _time.GetUtcNow(), ct).ConfigureAwait(false);
        foreach (var b in group.Where(b => b.BatchId is not null))
            await PersistAsync(new BatchRecorded(b.BatchId!, _time.GetUtcNow())).ConfigureAwait(false);
        return group;
    }

    private Task<LedgerAck> PersistAsync(ILedgerEvent e) => _ledger.Ask<LedgerAck>(new PersistLedgerEvent(e), _options.LedgerTimeout);
}
