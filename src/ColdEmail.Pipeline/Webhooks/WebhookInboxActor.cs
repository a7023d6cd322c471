using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ColdEmail.Domain.Webhooks;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>
/// Receives Instantly's webhook events (from the receiver and from the hourly replay of failed deliveries), keeps each
/// one exactly once and applies it to the warehouse. An event is journalled before the sender is answered, so once the
/// receiver said 200 nothing is lost: events received but not applied are applied again after a restart. Journal writes
/// are batched (<c>PersistAsync</c>), so a burst does not queue behind one write per event. Keys are remembered for
/// <see cref="WebhookOptions.DedupeRetention"/>, long enough for Instantly's retries and our replays.
/// </summary>
public sealed class WebhookInboxActor : ReceivePersistentActor, IWithTimers
{
    public const string Name = "webhook-inbox";
    public const string PersistenceIdValue = "webhook-inbox";

    // Self-messages (PipeTo, timer): they never leave this actor, so they skip the protocol serializer.
    private sealed record ApplyFinished(WebhookApplication? Result, IReadOnlyList<string> Keys, string? Error) : INoSerializationVerificationNeeded;
    private sealed record RetryApply : INoSerializationVerificationNeeded;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WebhookApplier _applier;
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _inFlight = new(StringComparer.Ordinal);
    private WebhookInboxState _state = new();
    private bool _applying;
    private int _eventsSinceSnapshot;
    private long _accepted, _duplicates, _applied, _suppressed;
    private DateTimeOffset? _lastReceived, _lastApplied;
    private string? _lastError;

    public override string PersistenceId => PersistenceIdValue;
    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="drain">The drain coordinator (or its singleton proxy), told the bounces' own times; null: none is told.</param>
    public WebhookInboxActor(ILeadWarehouse warehouse, WebhookOptions options, TimeProvider time, IActorRef? drain = null)
    {
        _options = options;
        _time = time;
        _applier = new WebhookApplier(warehouse, options, drain is null ? null : (bounces, _) =>
            drain.Ask<BounceReportsRecorded>(new RecordBounceReports(bounces), options.DrainAskTimeout));

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is WebhookInboxSnapshot s) _state = WebhookInboxState.FromSnapshot(s);
        });
        Recover<IWebhookInboxEvent>(e => _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            if (_state.PendingCount == 0) return;
            _log.Warning("Webhook inbox recovered {Pending} events not applied yet; applying them now", _state.PendingCount);
            ApplyNext();
        });

        Command<ReceiveWebhookEvents>(Receive);
        Command<ApplyFinished>(Finished);
        Command<RetryApply>(_ => ApplyNext());
        Command<GetWebhookInboxStatus>(_ => Sender.Tell(new WebhookInboxStatus(_accepted, _duplicates, _applied, _suppressed,
            _state.PendingCount, _state.Remembered, _lastReceived, _lastApplied, _lastError)));
        Command<SaveSnapshotSuccess>(m =>
        {
            DeleteMessages(m.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(m => _log.Warning("Webhook inbox snapshot failed: {0}", m.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(m => _log.Warning("Could not trim the webhook inbox journal: {0}", m.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => _log.Warning("Could not delete old webhook inbox snapshots: {0}", m.Cause.Message));
    }

    public static Props Props(ILeadWarehouse warehouse, WebhookOptions options, TimeProvider time, IActorRef? drain = null) =>
        Akka.Actor.Props.Create(() => new WebhookInboxActor(warehouse, options, time, drain));

    private void Receive(ReceiveWebhookEvents m)
    {
        var fresh = new List<WebhookFact>();
        var duplicates = 0;
        foreach (var fact in m.Facts)
        {
            // _inFlight holds keys whose journal write is under way: a redelivery racing its first copy is a duplicate too.
            if (_state.Knows(fact.Key) || !_inFlight.Add(fact.Key)) duplicates++;
            else fresh.Add(fact);
        }
        _duplicates += duplicates;
        if (fresh.Count == 0)
        {
            Sender.Tell(new WebhookEventsReceived(0, duplicates));
            return;
        }
        var replyTo = Sender;
        var now = _time.GetUtcNow();
        PersistAsync(new WebhookEventsRecorded(fresh, now), e =>
        {
            _state.Apply(e);
            foreach (var fact in e.Facts) _inFlight.Remove(fact.Key);
            _accepted += e.Facts.Count;
            _lastReceived = now;
            replyTo.Tell(new WebhookEventsReceived(e.Facts.Count, duplicates));
            MaybeSnapshot();
            ApplyNext();
        });
    }

    private void ApplyNext()
    {
        if (_applying || _state.PendingCount == 0) return;
        _applying = true;
        var batch = _state.Pending.Take(_options.ApplyBatch).ToList();
        var keys = batch.Select(f => f.Key).ToList();
        _applier.ApplyAsync(batch, _time.GetUtcNow(), CancellationToken.None).PipeTo(Self,
            success: r => new ApplyFinished(r, keys, null),
            failure: e => new ApplyFinished(null, keys, e.GetBaseException().Message));
    }

    private void Finished(ApplyFinished m)
    {
        if (m.Result is null)
        {
            _applying = false;
            _lastError = m.Error;
            _log.Warning("Applying {0} webhook events failed ({1}); trying again in {2}", m.Keys.Count, m.Error, _options.RetryDelay);
            Timers.StartSingleTimer("retry", new RetryApply(), _options.RetryDelay);
            return;
        }
        var result = m.Result;
        PersistAsync(new WebhookEventsApplied(m.Keys, _time.GetUtcNow()), e =>
        {
            _state.Apply(e);
            _applying = false;
            _applied += e.Keys.Count;
            _suppressed += result.Suppressed;
            _lastApplied = e.At;
            _lastError = null;
            foreach (var (reason, count) in result.SuppressedByReason)
                Context.System.EventStream.Publish(new WebhookSuppressionsRecorded(reason, count));
            MaybeSnapshot();
            ApplyNext();
        });
    }

    private void MaybeSnapshot()
    {
        if (++_eventsSinceSnapshot < _options.SnapshotEvery) return;
        _eventsSinceSnapshot = 0;
        _state.Prune(_time.GetUtcNow(), _options.DedupeRetention);
        SaveSnapshot(_state.ToSnapshot());
    }
}

/// <summary>Published on the event stream after an application wrote suppressions (for metrics; a reason and a count, no address).</summary>
public sealed record WebhookSuppressionsRecorded(string Reason, int Count);
