using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Event;
using Akka.Persistence;
using Akka.Routing;
using Akka.DependencyInjection;
using Akka.Streams;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Runs drain passes one at a time over a pool of <see cref="DrainWorker"/>s and keeps the drain
/// journal: every decision is journalled and written to the warehouse before its delete, and stays open
/// until the delete is confirmed; open decisions are completed again at the start of every pass (after a
/// crash that is recovery; after a lost or short delete answer it is the retry). The journal also keeps
/// when each bounced lead was first seen (the bounce grace's last-resort clock) and the bounce times webhooks reported
/// (its first source).
/// </summary>
public sealed class DrainCoordinator : ReceivePersistentActor
{
    public const string Id = "drain-coordinator";

    /// <summary>PipeTo(Self): never leaves this actor.</summary>
    private sealed record RunFinished(DrainRunSummary Summary) : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly PipelineServices _services;
    private readonly IMaterializer _materializer;
    private readonly Dictionary<string, DrainDecided> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _bounceFirstSeen = new(StringComparer.Ordinal);
    private readonly ReportedBounces _bouncesReported = new();
    /// <summary>Cluster mode: the path of every node's worker pool (null on one node, where the workers are children).</summary>
    private readonly string? _clusterWorkers;
    private DrainOptions _options;
    private DrainOptions? _pendingOptions;
    private IActorRef _workers = ActorRefs.Nobody;
    private CancellationTokenSource? _run;
    private readonly DrainAskers _askers = new();
    private int _eventsSinceSnapshot;

    public override string PersistenceId => Id;

    /// <summary>
    /// The settings (and, in a cluster, the workers' path) come with the Props, the services from the node's service provider
    /// (<see cref="Props(ActorSystem, DrainOptions, string?)"/>); the local workers are built over the same services.
    /// </summary>
    public DrainCoordinator(DrainOptions options, [FromKeyedServices(PipelineServiceRegistration.GatewayKey)] IInstantlyApi instantly,
        ILeadWarehouse warehouse, TimeProvider? time = null, ColdEmailMetrics? metrics = null, string? clusterWorkers = null)
    {
        options.Validate();
        _options = options;
        _services = new PipelineServices(instantly, warehouse, time ?? TimeProvider.System) { Metrics = metrics };
        _clusterWorkers = clusterWorkers;
        _materializer = Context.Materializer();

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not DrainJournalSnapshot snapshot) return;
            _open.Clear();
            foreach (var d in snapshot.Open) _open[d.BatchId] = d;
            _bounceFirstSeen.Clear();
            foreach (var (id, at) in snapshot.BounceFirstSeen ?? new Dictionary<string, DateTimeOffset>()) _bounceFirstSeen[id] = at;
            _bouncesReported.Restore(snapshot.BouncesReported);
        });
        Recover<IDrainEvent>(Apply);
        Recover<RecoveryCompleted>(_ =>
        {
            StartWorkers();
            if (_open.Count > 0) _log.Warning("Drain recovered {Open} decisions not yet recorded; the next pass completes them", _open.Count);
        });

        Command<DrainOnce>(StartRun);
        Command<PersistDrainEvent>(m =>
        {
            var replyTo = Sender;
            Persist(m.Event, e =>
            {
                Apply(e);
                replyTo.Tell(new DrainAck(e.BatchId));
                MaybeSnapshot();
            });
        });
        Command<ObserveBounces>(ObserveBounces);
        Command<RecordBounceReports>(m =>
        {
            var replyTo = Sender;
            if (m.Bounces.Count == 0)
            {
                replyTo.Tell(new BounceReportsRecorded(0));
                return;
            }
            Persist(new BouncesReported("webhook", m.Bounces, _services.Time.GetUtcNow()), e =>
            {
                Apply(e);
                replyTo.Tell(new BounceReportsRecorded(e.Bounces.Count));
                MaybeSnapshot();
            });
        });
        Command<RunFinished>(m =>
        {
            _run?.Dispose();
            _run = null;
            foreach (var asker in _askers.Finish(m.Summary)) asker.Tell(m.Summary);
            if (_pendingOptions is { } next)
            {
                _pendingOptions = null;
                Reconfigure(next);
            }
            if (_askers.Next() is { } queued) Begin(queued.RunId, queued.Askers);
        });
        Command<ApplyDrainSettings>(m =>
        {
            try
            {
                m.Options.Validate();
            }
            catch (ArgumentException e)
            {
                _log.Warning("Rejected drain settings: {Reason}", e.Message);
                return;
            }
            if (_run is null) Reconfigure(m.Options);
            else _pendingOptions = m.Options;
        });
        Command<GetDrainJournalStatus>(_ => Sender.Tell(new DrainJournalStatus(_open.Values.ToList())));
        Command<SaveSnapshotSuccess>(m =>
        {
            DeleteMessages(m.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(m => _log.Warning("Drain journal snapshot failed: {Error}", m.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(m => _log.Warning("Could not trim the drain journal: {Error}", m.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning("Could not delete old drain snapshots: {Error}", m.Cause.Message));
    }

    /// <summary>The coordinator's Props: its settings; its services come from <paramref name="system"/>'s service provider.</summary>
    public static Props Props(ActorSystem system, DrainOptions options, string? clusterWorkers = null) =>
        clusterWorkers is null
            ? DependencyResolver.For(system).Props<DrainCoordinator>(options)
            : DependencyResolver.For(system).Props<DrainCoordinator>(options, clusterWorkers);

    private void Apply(IDrainEvent e)
    {
        switch (e)
        {
            case DrainDecided d:
                _open[d.BatchId] = d;
                foreach (var entry in d.Entries) _bounceFirstSeen.Remove(entry.LeadId);
                _bouncesReported.Forget(d.Entries.Select(entry => entry.Email));
                break;
            case DrainConfirmed c when _open.TryGetValue(c.BatchId, out var open):
                var done = c.LeadIds.ToHashSet(StringComparer.Ordinal);
                var left = open.Entries.Where(x => !done.Contains(x.LeadId)).ToList();
                if (left.Count == 0) _open.Remove(c.BatchId);
                else _open[c.BatchId] = open with { Entries = left };
                break;
            case DrainRecorded r: _open.Remove(r.BatchId); break;
            case BouncesFirstSeen b:
                foreach (var id in b.LeadIds) _bounceFirstSeen.TryAdd(id, b.At);
                break;
            case BouncesReported r:
                _bouncesReported.Add(r.Bounces, r.At);
                break;
        }
    }

    /// <summary>Answers when each bounced lead was first seen, journalling the ones seen for the first time now.</summary>
    private void ObserveBounces(ObserveBounces m)
    {
        var replyTo = Sender;
        var fresh = m.LeadIds.Where(id => !_bounceFirstSeen.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        BounceSightings Answer() => new(
            m.LeadIds.Where(_bounceFirstSeen.ContainsKey).Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => _bounceFirstSeen[id], StringComparer.Ordinal),
            _bouncesReported.For(m.Emails ?? []));
        if (fresh.Count == 0)
        {
            replyTo.Tell(Answer());
            return;
        }
        Persist(new BouncesFirstSeen(m.BatchId, fresh, m.At), e =>
        {
            Apply(e);
            replyTo.Tell(Answer());
            MaybeSnapshot();
        });
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot < _options.SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(new DrainJournalSnapshot(_open.Values.ToList(), new Dictionary<string, DateTimeOffset>(_bounceFirstSeen, StringComparer.Ordinal),
            _bouncesReported.ToSnapshot()));
    }

    private void StartWorkers()
    {
        // In a cluster the batches go round-robin to every node's pool (each tuned by its own node's settings).
        var workers = _clusterWorkers is null
            ? DrainWorker.Props(_options, Self, _services.Instantly, _services.Warehouse, _services.Time, _services.Metrics).WithRouter(new RoundRobinPool(_options.Workers))
            : Akka.Actor.Props.Empty.WithRouter(new ClusterRouterGroup(new RoundRobinGroup([_clusterWorkers]),
                new ClusterRouterGroupSettings(MaxNodes, [_clusterWorkers], allowLocalRoutees: true)));
        _workers = Context.ActorOf(workers, $"workers-{Guid.NewGuid():N}");
    }

    /// <summary>More routees than a cluster of this daemon ever has nodes (one pool per node).</summary>
    private const int MaxNodes = 1000;

    private void Reconfigure(DrainOptions options)
    {
        _options = options;
        Context.Stop(_workers);
        StartWorkers();
        _log.Info("Drain settings applied: batch {BatchSize}, {Workers} workers", options.BatchSize, options.Workers);
    }

    /// <summary>One pass per run id however often it is asked for (<see cref="DrainAskers"/>); passes run one at a time.</summary>
    private void StartRun(DrainOnce m)
    {
        if (_askers.TryAnswer(m.RunId, Sender, Self)) return;
        if (_run is not null) _askers.Queue(m.RunId, Sender);
        else Begin(m.RunId, [Sender]);
    }

    private void Begin(string runId, IEnumerable<IActorRef> askers)
    {
        _askers.Start(runId, askers);
        _run = new CancellationTokenSource();
        var started = _services.Time.GetUtcNow();
        var run = new DrainRun(runId, _services, _options, _workers, Self, _materializer);
        run.ExecuteAsync(_open.Values.OrderBy(d => d.At).ToList(), _run.Token).PipeTo(Self,
            success: summary => new RunFinished(summary),
            failure: e => new RunFinished(new DrainRunSummary(runId, started, _services.Time.GetUtcNow(), 0, 0, 0, 0, 0, 0,
                new Dictionary<string, int>(), [$"{e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}"])));
    }

    protected override void PostStop()
    {
        _run?.Cancel();
        base.PostStop();
    }
}
