using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>
/// What the CLI drives: one sync pass over every campaign, one drain pass, live settings, status.
/// Each run's summary is written to <c>ops_runs</c> and handed to the notifier before it is returned.
/// </summary>
public sealed partial class ColdEmailPipeline
{
    private readonly IActorRef _supervisor;
    private readonly RunRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly TimeSpan _runTimeout;
    private readonly TimeSpan _askTimeout = TimeSpan.FromSeconds(30);

    public ColdEmailPipeline(IActorRef supervisor, ILeadWarehouse warehouse, IRunNotifier notifier, TimeProvider time, TimeSpan? runTimeout = null)
    {
        _supervisor = supervisor;
        _recorder = new RunRecorder(warehouse, notifier);
        _time = time;
        _runTimeout = runTimeout ?? TimeSpan.FromHours(1);
    }

    /// <summary>The facade over the supervisor that <see cref="PipelineHosting.AddColdEmailPipeline"/> registered.</summary>
    public static ColdEmailPipeline FromRegistry(ActorRegistry registry, ILeadWarehouse warehouse, IRunNotifier notifier, TimeProvider time, TimeSpan? runTimeout = null) =>
        new(registry.Get<PipelineSupervisor>(), warehouse, notifier, time, runTimeout);

    public IActorRef Supervisor => _supervisor;

    public Task<PipelineRefs> GetRefsAsync(CancellationToken ct = default) =>
        _supervisor.Ask<PipelineRefs>(GetPipelineRefs.Instance, _askTimeout, ct);

    /// <summary>
    /// Tops up every campaign (in parallel); failures of one campaign do not stop the others. The run is an actor
    /// (<see cref="SyncRunTracker"/>) that asks a campaign again until it answers, so a campaign whose cluster node died mid-run
    /// answers from its new node instead of leaving the run waiting for its timeout.
    /// </summary>
    public async Task<SyncRunSummary> SyncOnceAsync(CancellationToken ct = default)
    {
        var started = _time.GetUtcNow();
        var runId = NewRunId("sync", started);
        IReadOnlyList<CampaignSyncResult> results;
        try
        {
            // The tracker answers by the run timeout with every silent campaign failed; this ask only outlasts it.
            results = (await _supervisor.Ask<SyncRunResults>(new StartSyncRun(runId, _runTimeout), _runTimeout + _askTimeout, ct).ConfigureAwait(false)).Results;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var refs = await GetRefsAsync(ct).ConfigureAwait(false);
            results = refs.Campaigns.Keys.Select(c => CampaignSyncResult.Failed(c, null, $"no answer within {_runTimeout}: {e.Message}")).ToList();
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _supervisor.Tell(new StopSyncRun(runId));
            throw;
        }
        var summary = SyncRunSummary.From(runId, started, _time.GetUtcNow(), results.OrderBy(r => r.Campaign, StringComparer.Ordinal).ToList());
        var problems = await _recorder.RecordSyncAsync(summary, ct).ConfigureAwait(false);
        return problems.Count == 0 ? summary : summary with { Failures = summary.Failures.Concat(problems).ToList() };
    }

    /// <summary>
    /// One drain pass: completes open decisions, then checks every lead due. Like a sync run, the pass is asked for by an actor
    /// (<see cref="DrainRunTracker"/>) that asks again until the coordinator answers, so a pass whose coordinator's node died
    /// is run by the coordinator's next home instead of leaving the caller waiting for its timeout.
    /// </summary>
    public async Task<DrainRunSummary> DrainOnceAsync(CancellationToken ct = default)
    {
        var started = _time.GetUtcNow();
        var runId = NewRunId("drain", started);
        DrainRunSummary summary;
        try
        {
            // The tracker (DrainRunTracker) answers by the run timeout at the latest; this ask only outlasts it.
            summary = await _supervisor.Ask<DrainRunSummary>(new StartDrainRun(runId, started, _runTimeout), _runTimeout + _askTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            summary = new DrainRunSummary(runId, started, _time.GetUtcNow(), 0, 0, 0, 0, 0, 0, new Dictionary<string, int>(),
                [$"no answer within {_runTimeout}: {e.Message}"]);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _supervisor.Tell(new StopDrainRun(runId));
            throw;
        }
        var problems = await _recorder.RecordDrainAsync(summary, ct).ConfigureAwait(false);
        return problems.Count == 0 ? summary : summary with { Failures = summary.Failures.Concat(problems).ToList() };
    }

    /// <summary>Live reload: a valid change reaches every running actor; an invalid one is refused and the old settings stay.</summary>
    public Task<SettingsApplied> ApplySettingsAsync(PipelineOptions options, CancellationToken ct = default) =>
        _supervisor.Ask<SettingsApplied>(new ApplyPipelineSettings(options), _askTimeout, ct);

    public async Task<CircuitStatus> GetCircuitStatusAsync(CancellationToken ct = default)
    {
        var refs = await GetRefsAsync(ct).ConfigureAwait(false);
        return await refs.Gateway.Ask<CircuitStatus>(GetCircuitStatus.Instance, _askTimeout, ct).ConfigureAwait(false);
    }

    public async Task<RateLimiterStatus> GetRateLimiterStatusAsync(CancellationToken ct = default)
    {
        var refs = await GetRefsAsync(ct).ConfigureAwait(false);
        return await refs.Gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, _askTimeout, ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<LedgerStatus>> GetLedgersAsync(CancellationToken ct = default)
    {
        var refs = await GetRefsAsync(ct).ConfigureAwait(false);
        return await Task.WhenAll(refs.Campaigns.Values.Select(c => c.Ask<LedgerStatus>(GetLedgerStatus.Instance, _askTimeout, ct))).ConfigureAwait(false);
    }

    /// <summary>
    /// Releases an open batch (<c>coldemail ledger abandon</c>): the campaign whose ledger holds it reconciles what it can
    /// and records the rest. Null when no campaign has this batch open.
    /// </summary>
    public async Task<BatchAbandoned?> AbandonBatchAsync(string batchId, TimeSpan timeout, CancellationToken ct = default)
    {
        var refs = await GetRefsAsync(ct).ConfigureAwait(false);
        foreach (var campaign in refs.Campaigns.Values)
        {
            var ledger = await campaign.Ask<LedgerStatus>(GetLedgerStatus.Instance, _askTimeout, ct).ConfigureAwait(false);
            if (ledger.Open.Any(b => b.Claim.BatchId == batchId))
                return await campaign.Ask<BatchAbandoned>(new AbandonBatch(batchId), timeout, ct).ConfigureAwait(false);
        }
        return null;
    }

    private static string NewRunId(string kind, DateTimeOffset at) => $"{kind}-{at.UtcDateTime:yyyyMMddTHHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
}
