using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.DependencyInjection;
using Akka.Streams;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Keeps one campaign stocked and owns its enrolment ledger. A batch is journalled as claimed before
/// Instantly is called and as settled after; on recovery the next run reconciles what was left open
/// before it sends anything, so a crash never duplicates nor loses a lead. Runs one sync at a time.
/// </summary>
public sealed class CampaignActor : ReceivePersistentActor
{
    /// <summary>A run or an abandon ended; <see cref="Result"/> goes back to whoever asked (a sync run: every asker of its run id).</summary>
    private sealed record RunFinished(object Result, IActorRef? ReplyTo) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelineServices _services;
    private readonly IMaterializer _materializer;
    private CampaignOptions _campaign;
    private SyncOptions _options;
    private CampaignLedger _ledger = new();
    private CancellationTokenSource? _run;
    private SyncRun? _syncRun;
    private readonly SyncAskers _askers = new();
    private int _eventsSinceSnapshot;
    /// <summary>Sharding asked this campaign to hand off: it starts nothing new, winds its run down and stops once that run answers.</summary>
    private bool _handingOff;

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string campaign) => "campaign-" + campaign.ToLowerInvariant();

    /// <summary>
    /// The settings come with the Props; the services from the node's service provider (<see cref="Props(ActorSystem, CampaignOptions, SyncOptions)"/>),
    /// so wherever a campaign starts (a sharded entity restarts on another node) it works with that node's gateway and warehouse.
    /// <paramref name="instantly"/> is the gateway's facade (keyed), never the raw adapter; without a multiplier source the sync
    /// plans with the campaign's fixed multiplier, without a verifier it enrols without asking Instantly to verify.
    /// </summary>
    public CampaignActor(CampaignOptions campaign, SyncOptions options,
        [FromKeyedServices(PipelineServiceRegistration.GatewayKey)] IInstantlyApi instantly, ILeadWarehouse warehouse, TimeProvider? time = null,
        IInventoryMultiplierSource? multiplier = null, IEmailVerifier? verifier = null, ColdEmailMetrics? metrics = null)
    {
        campaign.Validate();
        options.Validate();
        _campaign = campaign;
        _options = options;
        _services = new PipelineServices(instantly, warehouse, time ?? TimeProvider.System) { Multiplier = multiplier, Verifier = verifier, Metrics = metrics };
        PersistenceId = PersistenceIdFor(campaign.Name);
        _materializer = Context.Materializer();

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is LedgerSnapshot snapshot) _ledger = CampaignLedger.FromSnapshot(snapshot);
        });
        Recover<ILedgerEvent>(e => _ledger.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_ledger.Open.Count > 0)
                _log.Warning("Campaign {Campaign} recovered with {Open} open batches; the next run completes them first", _campaign.Name, _ledger.Open.Count);
        });

        Command<SyncCampaign>(StartRun);
        Command<AbandonBatch>(StartAbandon);
        Command<PersistLedgerEvent>(m =>
        {
            var replyTo = Sender;
            Persist(m.Event, e =>
            {
                _ledger.Apply(e);
                replyTo.Tell(new LedgerAck(e.BatchId));
                MaybeSnapshot();
            });
        });
        Command<RunFinished>(m =>
        {
            _run?.Dispose();
            _run = null;
            _syncRun = null;
            if (m.ReplyTo is { } replyTo) replyTo.Tell(m.Result);
            else foreach (var asker in _askers.Finish((CampaignSyncResult)m.Result)) asker.Tell(m.Result);
            if (_handingOff)
            {
                // What waits in the stash goes unanswered here: a sync run asks again and reaches the campaign's next home.
                _log.Info("Campaign {Campaign} settled its run and hands off", _campaign.Name);
                Context.Stop(Self);
                return;
            }
            _askers.Unstashed();
            Stash.UnstashAll();
        });
        Command<CampaignHandOff>(_ =>
        {
            if (_run is null)
            {
                Context.Stop(Self);
                return;
            }
            _handingOff = true;
            _syncRun?.WindDown();
            _log.Info("Campaign {Campaign} hands off once the batches in flight have settled", _campaign.Name);
        });
        Command<ApplyCampaignSettings>(m =>
        {
            try
            {
                m.Campaign.Validate();
                m.Sync.Validate();
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected settings for campaign {Campaign}: {Reason}", _campaign.Name, e.Message);
                return;
            }
            _campaign = m.Campaign with { Name = _campaign.Name };
            _options = m.Sync;
        });
        Command<GetLedgerStatus>(_ => Sender.Tell(new LedgerStatus(_campaign.Name, _ledger.Open.ToList(), _ledger.BatchesRecorded, _ledger.LeadsRecorded)));
        Command<SaveSnapshotSuccess>(m =>
        {
            DeleteMessages(m.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(m => _log.Warning("Ledger snapshot of {Campaign} failed: {Error}", _campaign.Name, m.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(m => _log.Warning("Could not trim the ledger journal of {Campaign}: {Error}", _campaign.Name, m.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning("Could not delete old ledger snapshots of {Campaign}: {Error}", _campaign.Name, m.Cause.Message));
    }

    /// <summary>The campaign's Props: its settings; its services come from <paramref name="system"/>'s service provider when it starts.</summary>
    public static Props Props(ActorSystem system, CampaignOptions campaign, SyncOptions options) =>
        DependencyResolver.For(system).Props<CampaignActor>(campaign, options);

    /// <summary>The run id is the idempotency key: a repeated ask (a sync run asks again after a node died) never starts a second run.</summary>
    private void StartRun(SyncCampaign m)
    {
        if (_askers.TryAnswer(m.RunId, Sender, Self)) return;
        if (_run is not null || _handingOff)
        {
            if (_askers.Queue(m.RunId, Sender)) Stash.Stash();
            return;
        }
        _run = new CancellationTokenSource();
        _askers.Start(m.RunId, Sender);
        var campaign = _campaign;
        var run = new SyncRun(m.RunId, campaign, _options, _services, Self, _materializer, Context.System.Scheduler);
        _syncRun = run;
        var open = _ledger.Open.ToList();
        var inFlight = new HashSet<string>(_ledger.EmailsInFlight, StringComparer.Ordinal);
        run.ExecuteAsync(open, inFlight, _run.Token).PipeTo(Self,
            success: result => new RunFinished(result, null),
            failure: e => new RunFinished(CampaignSyncResult.Failed(campaign.Name, campaign.InstantlyCampaignId, Describe(e)), null));
    }

    /// <summary>An operator releases a stuck batch; like a run, it waits for the run in progress to finish.</summary>
    private void StartAbandon(AbandonBatch m)
    {
        if (_run is not null || _handingOff)
        {
            Stash.Stash();
            return;
        }
        _run = new CancellationTokenSource();
        var replyTo = Sender;
        var open = _ledger.Open.FirstOrDefault(b => b.Claim.BatchId == m.BatchId);
        var abandoner = new BatchAbandoner(_campaign, _options, _services, Self, Context.System.Scheduler);
        var name = _campaign.Name;
        abandoner.AbandonAsync(open, m.BatchId, _run.Token).PipeTo(Self,
            success: result => new RunFinished(result, replyTo),
            failure: e => new RunFinished(new BatchAbandoned(name, m.BatchId, open is not null, 0, 0, 0, 0, Describe(e)), replyTo));
    }

    private static string Describe(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        return $"{inner.GetType().Name}: {inner.Message}";
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot < _options.SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(_ledger.ToSnapshot());
    }

    protected override void PostStop()
    {
        // A run must not outlive its ledger: its next claim could not be journalled anyway.
        _run?.Cancel();
        base.PostStop();
    }
}
