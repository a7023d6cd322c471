using Akka.Actor;
using Akka.Event;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// One sync run: asks every campaign for it and collects the answers. Campaigns still silent are asked again, with the same
/// run id, every <see cref="ReaskEvery"/> and at once when a cluster member is removed or exits. Why: in a cluster an ask that
/// reached a campaign whose node then died is lost with that node; sharding restarts the campaign on another node, but nothing
/// would ask it for this run again, and the run would wait for its deadline (an hour). The run id makes a repeat harmless
/// (<see cref="SyncAskers"/>): a campaign still running the run only adds the asker, one that finished answers again. A repeat
/// that meets the dead node's routing before sharding has moved the shard is lost too; the next one gets through.
/// On one node the same repeat reaches a campaign that its backoff supervisor restarted after a crash.
/// </summary>
public sealed class SyncRunTracker : ReceiveActor, IWithTimers
{
    /// <summary>
    /// Often enough that a moved campaign resumes within seconds of sharding placing it; a repeat costs one tiny message per
    /// silent campaign, which the campaign drops.
    /// </summary>
    public static readonly TimeSpan ReaskEvery = TimeSpan.FromSeconds(5);

    private sealed record Reask : INoSerializationVerificationNeeded
    {
        public static readonly Reask Instance = new();
    }

    private sealed record DeadlinePassed : INoSerializationVerificationNeeded
    {
        public static readonly DeadlinePassed Instance = new();
    }

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _runId;
    private readonly TimeSpan _deadline;
    private readonly IActorRef _replyTo;
    private readonly Dictionary<string, IActorRef> _pending = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CampaignSyncResult> _results = [];
    private readonly bool _clustered;
    private readonly TimeSpan _reaskEvery;
    private int _reasks;

    public ITimerScheduler Timers { get; set; } = null!;

    public SyncRunTracker(StartSyncRun run, IReadOnlyDictionary<string, IActorRef> campaigns, IActorRef replyTo, TimeSpan reaskEvery)
    {
        _runId = run.RunId;
        _deadline = run.Deadline;
        _replyTo = replyTo;
        foreach (var (name, campaign) in campaigns) _pending[name] = campaign;
        _clustered = ((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.ClusterActorRefProvider;

        Receive<CampaignSyncResult>(r =>
        {
            // A repeat's answer may follow the first one: only the first counts.
            if (!_pending.Remove(r.Campaign)) return;
            _results.Add(r);
            FinishIfDone();
        });
        Receive<Reask>(_ => AskPending());
        Receive<ClusterEvent.MemberRemoved>(m => AskAgainAfterMemberLeft(m.Member));
        Receive<ClusterEvent.MemberExited>(m => AskAgainAfterMemberLeft(m.Member));
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<Terminated>(t =>
        {
            // The campaign was retired by a settings change while the run went on: it will not answer.
            var gone = _pending.Where(p => p.Value.Equals(t.ActorRef)).Select(p => p.Key).ToList();
            foreach (var name in gone)
            {
                _pending.Remove(name);
                _results.Add(CampaignSyncResult.Failed(name, null, "the campaign was retired during the run"));
            }
            FinishIfDone();
        });
        Receive<DeadlinePassed>(_ =>
        {
            foreach (var name in _pending.Keys) _results.Add(CampaignSyncResult.Failed(name, null, $"no answer within {_deadline}"));
            _pending.Clear();
            FinishIfDone();
        });
        _reaskEvery = reaskEvery;
    }

    public static Props Props(StartSyncRun run, IReadOnlyDictionary<string, IActorRef> campaigns, IActorRef replyTo, TimeSpan? reaskEvery = null) =>
        Akka.Actor.Props.Create(() => new SyncRunTracker(run, campaigns, replyTo, reaskEvery ?? ReaskEvery));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(nameof(Reask), Reask.Instance, _reaskEvery);
        Timers.StartSingleTimer(nameof(DeadlinePassed), DeadlinePassed.Instance, _deadline);
        foreach (var campaign in _pending.Values) Context.Watch(campaign);
        if (_clustered)
            Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
                typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberExited));
        foreach (var campaign in _pending.Values) campaign.Tell(new SyncCampaign(_runId));
        FinishIfDone();
    }

    protected override void PostStop()
    {
        if (_clustered) Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void AskAgainAfterMemberLeft(Akka.Cluster.Member member)
    {
        if (_pending.Count == 0) return;
        _log.Info("Sync run {RunId}: member {Member} left the cluster; asking the {Pending} campaigns still running for their answer again",
            _runId, member.Address, _pending.Count);
        AskPending();
    }

    private void AskPending()
    {
        if (_pending.Count > 0) _reasks++;
        foreach (var campaign in _pending.Values) campaign.Tell(new SyncCampaign(_runId));
    }

    private void FinishIfDone()
    {
        if (_pending.Count > 0) return;
        _log.Debug("Sync run {RunId} complete after {Reasks} repeated asks", _runId, _reasks);
        _replyTo.Tell(new SyncRunResults(_runId, _results.OrderBy(r => r.Campaign, StringComparer.Ordinal).ToList()));
        Context.Stop(Self);
    }
}
