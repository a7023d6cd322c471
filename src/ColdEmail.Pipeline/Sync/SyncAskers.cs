using Akka.Actor;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Who waits for which sync run of one campaign, so that asking for a run again is safe. A sync run re-sends
/// <see cref="SyncCampaign"/> with the same run id until the campaign answers (in a cluster the campaign's node may die and
/// take the first ask with it; <see cref="SyncRunTracker"/>). The run id is the idempotency key: a repeat of the run in
/// progress joins it, a repeat of the run just finished gets that run's result again, and a repeat of a run still waiting its
/// turn is not queued a second time. So one incarnation of the campaign actor never starts two runs for one run id; a new
/// incarnation (after its node died) starts it afresh, which is safe because it first completes what its ledger left open.
/// </summary>
internal sealed class SyncAskers
{
    /// <summary>Run ids whose <see cref="SyncCampaign"/> sits in the actor's stash (one message per run id).</summary>
    private readonly HashSet<string> _stashed = new(StringComparer.Ordinal);
    /// <summary>Askers of a stashed run other than the stashed message's own sender.</summary>
    private readonly Dictionary<string, HashSet<IActorRef>> _alsoWaiting = new(StringComparer.Ordinal);
    private HashSet<IActorRef> _current = [];
    private (string RunId, CampaignSyncResult Result)? _last;

    /// <summary>The sync run in progress, or null.</summary>
    public string? Running { get; private set; }

    /// <summary>True when the ask is settled here: it joined the run in progress or got the finished run's result.</summary>
    public bool TryAnswer(string runId, IActorRef asker, IActorRef self)
    {
        if (Running == runId)
        {
            _current.Add(asker);
            return true;
        }
        if (_last is { } last && last.RunId == runId)
        {
            asker.Tell(last.Result, self);
            return true;
        }
        return false;
    }

    /// <summary>The actor is busy: true when this run's message must be stashed, false when it is stashed already.</summary>
    public bool Queue(string runId, IActorRef asker)
    {
        if (_stashed.Add(runId)) return true;
        if (!_alsoWaiting.TryGetValue(runId, out var askers)) _alsoWaiting[runId] = askers = [];
        askers.Add(asker);
        return false;
    }

    public void Start(string runId, IActorRef asker)
    {
        Running = runId;
        _current = _alsoWaiting.Remove(runId, out var others) ? others : [];
        _current.Add(asker);
    }

    /// <summary>The run ended: everyone who asked for it is answered, and a later repeat gets the same result.</summary>
    public IReadOnlyCollection<IActorRef> Finish(CampaignSyncResult result)
    {
        var askers = _current;
        _last = (Running!, result);
        Running = null;
        _current = [];
        return askers;
    }

    /// <summary>The stash was emptied into the mailbox: each stashed run is queued again as its message comes back.</summary>
    public void Unstashed() => _stashed.Clear();
}
