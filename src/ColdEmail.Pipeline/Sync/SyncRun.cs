using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// One sync run of one campaign, driven by its <see cref="CampaignActor"/>: finish what a crash left
/// open, plan the deficit (<see cref="SyncInventory"/>), then stream ready leads from the warehouse (best score
/// first, throttled, backpressured) into bulk batches. Every batch goes claim → add → settle → write → record
/// through the actor's journal (<see cref="SyncWrites"/>), so a crash at any point is completed or reconciled on recovery.
/// A dry run (<see cref="Dry"/>, behind `plan`) is this same run without <see cref="SyncWrites"/>: the same reads,
/// plan and candidate selection, and each lead it would send is reported in <see cref="Planned"/> instead.
/// </summary>
public sealed partial class SyncRun
{
    private readonly CampaignOptions _campaign;
    private readonly SyncOptions _options;
    private readonly PipelineServices _services;
    private readonly ILeadWarehouse _warehouse;
    private readonly TimeProvider _time;
    private readonly IMaterializer _materializer;
    private readonly SyncInventory _inventory;
    /// <summary>Null in a dry run: nothing below can claim, add, settle or write.</summary>
    private readonly SyncWrites? _writes;
    private readonly EmailVerificationRules? _rules;
    private readonly IEmailVerifier? _verifier;
    private readonly ConcurrentQueue<LeadOutcome> _planned = new();
    private readonly ILogger _log;
    private int _verificationCallsFailed;
    private const int MaxPresizedFingerprints = 4_000_000;

    public SyncRun(string runId, CampaignOptions campaign, SyncOptions options, PipelineServices services, IActorRef ledger, IMaterializer materializer, IScheduler scheduler)
        : this(campaign, options, services, materializer, dry: false)
    {
        _writes = new SyncWrites(runId, campaign, options, services, ledger, scheduler, _log);
    }

    private SyncRun(CampaignOptions campaign, SyncOptions options, PipelineServices services, IMaterializer materializer, bool dry)
    {
        _campaign = campaign;
        _options = options;
        _services = services;
        _warehouse = services.Warehouse;
        _time = services.Time;
        _materializer = materializer;
        _log = Log.ForContext<SyncRun>().ForContext("Campaign", campaign.Name);
        _inventory = new SyncInventory(campaign, options, services, _log);
        _rules = options.VerificationEnabled ? new EmailVerificationRules(options.Verification) : null;
        // The flag off means no verification call at all, whatever the verifier would answer. A dry run never asks
        // Instantly to verify (a paid call that records its verdicts): its adds are subject to that verification.
        _verifier = options.VerificationEnabled && !dry ? services.Verifier : null;
    }

    /// <summary>The run behind `plan`: every read of a real run, no write anywhere; its decisions land in <see cref="Planned"/>.</summary>
    public static SyncRun Dry(CampaignOptions campaign, SyncOptions options, PipelineServices services, IMaterializer materializer) =>
        new(campaign, options, services, materializer, dry: true);

    /// <summary>
    /// A dry run's decisions, in reading order: <see cref="OutcomeKind.Active"/> for each lead it would add (no lead id) or
    /// find already in the campaign (its id), <see cref="OutcomeKind.Skipped"/> for one elsewhere in the workspace,
    /// <see cref="OutcomeKind.Quarantine"/> for each it would refuse, with the reason. Instantly's own refusals (block list,
    /// its validation) cannot be foreseen without sending.
    /// </summary>
    public IReadOnlyList<LeadOutcome> Planned => _planned.ToList();

    public async Task<CampaignSyncResult> ExecuteAsync(IReadOnlyCollection<OpenBatch> open, IReadOnlySet<string> inFlight, CancellationToken ct)
    {
        var campaignId = await _inventory.ResolveCampaignIdAsync(ct).ConfigureAwait(false);
        var tally = new SyncTally();
        if (_writes is not null) await _writes.CompleteOpenBatchesAsync(open, tally, ct).ConfigureAwait(false);
        else if (open.Count > 0) tally.Failures.Add($"{open.Count} open batch(es) would be reconciled with Instantly first; their leads are left out of this plan");

        var (campaign, missing) = await _inventory.CheckCampaignAsync(campaignId, ct).ConfigureAwait(false);
        if (missing is not null)
            return Failed(campaignId, tally, missing);

        var (plan, multiplierReason) = await _inventory.PlanAsync(campaignId, campaign, ct).ConfigureAwait(false);
        _log.Information("Sync plan for {Campaign}: {Reason}; multiplier {Multiplier}: {MultiplierReason}",
            _campaign.Name, plan.Reason, plan.Multiplier, multiplierReason);

        var earlier = await _inventory.DueLettersAsync(ct).ConfigureAwait(false);
        // Emails of batches still open are kept out of the pages; the ones completed above are free again
        // (a lead returned to the pool may be enrolled in this very run).
        // Sized for the leads this run means to add (skipped and refused ones may add a little): capped, so a plan far
        // larger than the pool does not reserve memory it will never fill.
        var seen = new EmailFingerprints(inFlight, (int)Math.Min(plan.ToAdd + (long)inFlight.Count, MaxPresizedFingerprints));
        if (_writes is not null)
            foreach (var email in open.SelectMany(b => b.Claim.Emails)) seen.Remove(email);
        else
            foreach (var email in open.SelectMany(b => b.Claim.Emails)) seen.Add(email);
        var createdBefore = tally.Created;
        var failedBefore = tally.DeadLettered;
        for (var round = 1; round <= _options.MaxRounds; round++)
        {
            // Skipped and quarantined leads are replaced by further reading; failed ones and those awaiting
            // verification are not: when Instantly is failing, more reading would only turn more leads into
            // dead letters, and both are the best candidates of the next run anyway.
            var wanted = plan.ToAdd - (tally.Created - createdBefore) - (tally.DeadLettered - failedBefore) - tally.Pending;
            if (wanted <= 0) break;
            if (_windingDown) break;
            var scannedBefore = tally.Scanned + tally.Pending;
            var readToEnd = await RunRoundAsync(campaignId, wanted, seen, earlier, tally, ct).ConfigureAwait(false);
            if (_writes?.StopReason is not null || _writes?.LeftOpen > 0) break;
            if (tally.Scanned + tally.Pending == scannedBefore) break; // the pool is empty
            // A round that read the whole ready set leaves nothing further to read: another would rank the warehouse
            // again (at a million prospects, seconds of DuckDB at its memory limit) only to find every lead already seen.
            if (readToEnd) break;
        }
        if (_writes?.StopReason is { } stop)
        {
            // A fault of the request or the account: no lead is to blame, so none was touched; the run fails and alerts.
            tally.Failures.Add(stop);
            _log.Error("Sync of {Campaign} stopped: {Reason}", _campaign.Name, stop);
        }
        if (_writes?.LeftOpen is > 0 and var leftOpen)
            tally.Failures.Add($"{leftOpen} batch(es) left open: Instantly could not say whether the add was applied; the next run reconciles them before sending");

        var created = tally.Created - createdBefore;
        if (_verificationCallsFailed > 0)
            _log.Warning("{Count} leads of {Campaign} not enrolled: Instantly's email verification could not be asked; asked again on the next run",
                _verificationCallsFailed, _campaign.Name);
        _log.Information("{Kind} {Campaign}: {Created} created, {Skipped} skipped, {Quarantined} quarantined, {DeadLettered} dead letters, {Pending} awaiting verification; multiplier {Multiplier} ({MultiplierReason})",
            _writes is null ? "Planned (dry run)" : "Synced", _campaign.Name, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered, tally.Pending, plan.Multiplier, multiplierReason);
        // Without Instantly's verification, every created lead is one Instantly has not verified.
        var pending = _verifier is null ? created : tally.Pending;
        return new CampaignSyncResult(_campaign.Name, campaignId, plan, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered,
            tally.Recovered, tally.Returned, tally.Scanned, new VerificationCounts(tally.Checked, tally.Rejected, pending), tally.Failures)
        {
            MultiplierReason = multiplierReason,
            AccountProblem = _writes?.StopReason,
            HandedOff = _windingDown,
        };
    }

    private CampaignSyncResult Failed(string campaignId, SyncTally tally, string reason)
    {
        _log.Error("Sync of {Campaign} stopped before enrolling: {Reason}", _campaign.Name, reason);
        tally.Failures.Add(reason);
        return new CampaignSyncResult(_campaign.Name, campaignId, null, tally.Created, tally.Skipped, tally.Quarantined, tally.DeadLettered,
            tally.Recovered, tally.Returned, tally.Scanned, VerificationCounts.Zero, tally.Failures) { AccountProblem = reason };
    }

    /// <summary>One reading of the ranked ready set, enrolling up to <paramref name="wanted"/> valid leads; true when the reading reached the set's end.</summary>
    private async Task<bool> RunRoundAsync(string campaignId, int wanted, EmailFingerprints seen, Dictionary<string, DeadLetter> earlier, SyncTally tally, CancellationToken ct)
    {
        var query = new ReadyLeadQuery(_campaign.Routing, _campaign.Name, _options.WarehousePageSize, null, _time.GetUtcNow(), _options.VerificationEnabled);
        var valid = 0;
        var end = new ReadEnd();
        var source = Source.From(() => ReadReadyLeadsAsync(query, end, ct))
            .TakeWhile(_ => !_windingDown)
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
                foreach (var r in results) tally.Add(r);
            }, _materializer).ConfigureAwait(false);
        return end.Reached;
    }

    /// <summary>Screen (rules, then Instantly's verification when on), then enrol what may be sent; a dry run reports it instead.</summary>
    private async Task<SyncBatchResult> EnrolBatchAsync(string campaignId, List<Candidate> batch, IReadOnlyDictionary<string, int> prior, CancellationToken ct)
    {
        // Once the request or the account failed, later batches are neither verified (credits) nor claimed; nor once the
        // campaign hands off (their leads stay in the pool for the next run).
        if (_writes?.StopReason is not null || _windingDown) return new SyncBatchResult(null, [], 0, 0, 0);
        var screened = await ScreenAsync(batch, ct).ConfigureAwait(false);
        if (_writes is null)
        {
            var outcomes = (await ForeseeAsync(campaignId, screened.Sendable, ct).ConfigureAwait(false)).Concat(screened.Refused).ToList();
            foreach (var o in outcomes) _planned.Enqueue(o);
            return new SyncBatchResult(null, outcomes, screened.Checked, screened.Rejected, screened.Pending);
        }
        if (screened.Sendable.Count == 0) return new SyncBatchResult(null, screened.Refused, screened.Checked, screened.Rejected, screened.Pending);
        return await _writes.EnrolAsync(campaignId, screened, prior, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A dry run's bulk add: what the real add's answer would be, read instead of sent. The add skips a lead already in the
    /// workspace and the run settles it by the same list by <c>contacts</c> (<see cref="Reconciler"/>): a lead already in
    /// this campaign is tracked as active, one elsewhere is skipped (and replaced by reading further, as in a real run),
    /// and any other would be created.
    /// </summary>
    private async Task<IReadOnlyList<LeadOutcome>> ForeseeAsync(string campaignId, IReadOnlyList<Candidate> sendable, CancellationToken ct)
    {
        if (sendable.Count == 0) return [];
        var (found, error) = await new Reconciler(_services.Instantly, _options.ReconcileChunk)
            .FindAsync(campaignId, sendable.Select(c => c.Email).ToList(), ct).ConfigureAwait(false);
        // Instantly's verification is a paid call whose verdict is recorded: a dry run does not ask it.
        var verified = _options.VerificationEnabled ? ", if Instantly's email verification accepts it" : "";
        if (found is null)
            _log.Warning("Dry run: could not ask Instantly which of {Count} leads it already holds ({Error}); listing them as added", sendable.Count, error);
        return sendable.Select(c =>
            found is not null && found.InCampaign.TryGetValue(c.Email, out var mine)
                ? new LeadOutcome(c.Email, OutcomeKind.Active, mine.Id, "already in the campaign in Instantly: tracked as active, not added again")
                : found is not null && found.Elsewhere.TryGetValue(c.Email, out var other)
                    ? new LeadOutcome(c.Email, OutcomeKind.Skipped, other.Id, $"already in the workspace (campaign {other.CampaignId ?? "none"}): Instantly would skip it")
                    : new LeadOutcome(c.Email, OutcomeKind.Active, null, $"would be added: score {c.Prospect.Score}{verified}")).ToList();
    }

    private async Task<ScreenedBatch> ScreenAsync(List<Candidate> batch, CancellationToken ct)
    {
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
        return new ScreenedBatch(sendable, refused, checkedCount, rejected, pending);
    }

    /// <summary>Settled batches are written and closed; a dry run writes nothing.</summary>
    private async Task<IReadOnlyList<SyncBatchResult>> RecordAsync(string campaignId, List<SyncBatchResult> group, IReadOnlyDictionary<string, DeadLetter> earlier, CancellationToken ct)
    {
        if (_writes is not null) await _writes.RecordAsync(campaignId, group, earlier, ct).ConfigureAwait(false);
        return group;
    }
}
