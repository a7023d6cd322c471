using Akka.Actor;
using Akka.Event;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// One sync run (<see cref="RunTracker"/>): asks every campaign for it and collects the answers, asking the campaigns still
/// silent again. In a cluster sharding restarts a dead node's campaigns on another node, and they hear of this run only from
/// a repeat. The run id makes a repeat harmless (<see cref="SyncAskers"/>): a campaign still running the run only adds the
/// asker, one that finished answers again. A repeat that meets the dead node's routing before sharding has moved the shard
/// is lost too; the next one gets through. A campaign that hands off mid-run (its node leaves, or sharding moves it) answers
/// for what it did there, marked handed off: the run keeps that part, asks again, and adds its next home's answer to it.
/// </summary>
public sealed class SyncRunTracker : RunTracker
{
    /// <summary>
    /// Often enough that a moved campaign resumes within seconds of sharding placing it; a repeat costs one tiny message per
    /// silent campaign, which the campaign drops.
    /// </summary>
    public static readonly TimeSpan ReaskEvery = TimeSpan.FromSeconds(5);

    private readonly string _runId;
    private readonly TimeSpan _deadline;
    private readonly IActorRef _replyTo;
    private readonly Dictionary<string, IActorRef> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CampaignSyncResult> _results = [];
    /// <summary>What the homes a campaign handed off from did in this run, until its last home answers.</summary>
    private readonly Dictionary<string, CampaignSyncResult> _handedOff = new(StringComparer.OrdinalIgnoreCase);
    private int _reasks;

    public SyncRunTracker(StartSyncRun run, IReadOnlyDictionary<string, IActorRef> campaigns, IActorRef replyTo, TimeSpan reaskEvery)
        : base(reaskEvery, run.Deadline)
    {
        _runId = run.RunId;
        _deadline = run.Deadline;
        _replyTo = replyTo;
        foreach (var (name, campaign) in campaigns) _pending[name] = campaign;

        Receive<CampaignSyncResult>(r =>
        {
            // A repeat's answer may follow the first one: only the first counts.
            if (!_pending.TryGetValue(r.Campaign, out var campaign)) return;
            if (r.HandedOff)
            {
                // The campaign moved in the middle of the run: what its home did is kept, and its next home is asked for
                // the rest (answered before, that home's leads were enrolled by this run but counted by none).
                _handedOff[r.Campaign] = _handedOff.TryGetValue(r.Campaign, out var before) ? before.Then(r) : r;
                Log.Info("Sync run {RunId}: campaign {Campaign} handed off after {Created} leads; asking its next home for the rest",
                    _runId, r.Campaign, _handedOff[r.Campaign].Created);
                campaign.Tell(new SyncCampaign(_runId));
                return;
            }
            _pending.Remove(r.Campaign);
            _results.Add(_handedOff.Remove(r.Campaign, out var first) ? first.Then(r) : r);
            FinishIfDone();
        });
        Receive<Terminated>(t =>
        {
            // The campaign was retired by a settings change while the run went on: it will not answer.
            var gone = _pending.Where(p => p.Value.Equals(t.ActorRef)).Select(p => p.Key).ToList();
            foreach (var name in gone)
            {
                _pending.Remove(name);
                _results.Add(Unanswered(name, "the campaign was retired during the run"));
            }
            FinishIfDone();
        });
    }

    public static Props Props(StartSyncRun run, IReadOnlyDictionary<string, IActorRef> campaigns, IActorRef replyTo, TimeSpan? reaskEvery = null) =>
        Akka.Actor.Props.Create(() => new SyncRunTracker(run, campaigns, replyTo, reaskEvery ?? ReaskEvery));

    protected override void PreStart()
    {
        base.PreStart();
        foreach (var campaign in _pending.Values) Context.Watch(campaign);
        foreach (var campaign in _pending.Values) campaign.Tell(new SyncCampaign(_runId));
        FinishIfDone();
    }

    protected override void MemberLeft(Akka.Cluster.Member member)
    {
        if (_pending.Count == 0) return;
        Log.Info("Sync run {RunId}: member {Member} left the cluster; asking the {Pending} campaigns still running for their answer again",
            _runId, member.Address, _pending.Count);
        AskAgain();
    }

    protected override void AskAgain()
    {
        if (_pending.Count > 0) _reasks++;
        foreach (var campaign in _pending.Values) campaign.Tell(new SyncCampaign(_runId));
    }

    protected override void Deadline()
    {
        foreach (var name in _pending.Keys) _results.Add(Unanswered(name, $"no answer within {_deadline}"));
        _pending.Clear();
        FinishIfDone();
    }

    /// <summary>A campaign the run stops waiting for: failed, with what a home it handed off from did.</summary>
    private CampaignSyncResult Unanswered(string campaign, string reason)
    {
        var failed = CampaignSyncResult.Failed(campaign, null, reason);
        return _handedOff.Remove(campaign, out var first) ? first.Then(failed) : failed;
    }

    private void FinishIfDone()
    {
        if (_pending.Count > 0) return;
        Log.Debug("Sync run {RunId} complete after {Reasks} repeated asks", _runId, _reasks);
        _replyTo.Tell(new SyncRunResults(_runId, _results.OrderBy(r => r.Campaign, StringComparer.Ordinal).ToList()));
        Context.Stop(Self);
    }
}
