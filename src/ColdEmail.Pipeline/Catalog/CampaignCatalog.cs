using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Event;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Catalog;

/// <summary>
/// The campaign catalog: starts the configured campaigns, applies live settings to them, retires a campaign removed from the
/// configuration, and owns the daemon's one schedule (a <see cref="ScheduleActor"/> child, created when the host registered an
/// <see cref="IScheduledRuns"/>: the `run` verb). In a cluster it is a singleton over the sharded campaigns, so the schedule and the
/// catalog move together to the next oldest node; on one node the same actor is a plain child of the supervisor.
/// </summary>
public sealed class CampaignCatalog : ReceiveActor, IWithTimers
{
    public const string Name = "campaign-catalog";

    /// <summary>
    /// How often the catalog re-asserts its campaigns (as Akka's sharded daemon process does): a start can be lost when a shard
    /// is handed off before its remember-entities store recorded the entity (a rebalance while nodes join).
    /// </summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(10);

    /// <summary>Timer only: never leaves this actor.</summary>
    private sealed record KeepAlive : INoSerializationVerificationNeeded
    {
        public static readonly KeepAlive Instance = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Func<IActorRef, ICampaignPlacement> _placementFor;
    private readonly ScheduleGate? _gate;
    private readonly Dictionary<string, CampaignOptions> _campaigns = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _retired = new(StringComparer.OrdinalIgnoreCase);
    private ICampaignPlacement _placement = null!;
    private SyncOptions _sync;
    private ScheduleOptions _schedule;
    private IActorRef? _scheduleActor;

    public CampaignCatalog(IReadOnlyList<CampaignOptions> campaigns, SyncOptions sync, ScheduleOptions schedule,
        Func<IActorRef, ICampaignPlacement> placementFor, ScheduleGate? gate)
    {
        _placementFor = placementFor;
        _gate = gate;
        _sync = sync;
        _schedule = schedule;
        foreach (var c in campaigns) _campaigns[c.Name] = c;

        Receive<ApplyCatalog>(m => Sender.Tell(Apply(m)));
        Receive<GetCatalogStatus>(_ => Sender.Tell(new CatalogStatus(NodeName(), _campaigns.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList(),
            _scheduleActor is not null)));
        Receive<StopSchedule>(m =>
        {
            if (_scheduleActor is { } schedule) schedule.Forward(m);
            else Sender.Tell(new ScheduleStopped(0, 0));
        });
        Receive<HandOverCatalog>(m =>
        {
            // The schedule settles its runs, replies and stops itself; the catalog follows it (Terminated below).
            if (_scheduleActor is { } schedule) schedule.Tell(new StopSchedule(m.Settle));
            else Context.Stop(Self);
        });
        // The schedule's answer to the hand-over's stop: kept for `coldemail run`'s exit code on this node.
        Receive<ScheduleStopped>(m => _gate?.RecordHandOver(m));
        Receive<KeepAlive>(_ =>
        {
            foreach (var c in _campaigns.Values) _placement.KeepAlive(c);
        });
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(_scheduleActor)) return;
            _scheduleActor = null;
            Context.Stop(Self);
        });
    }

    public static Props Props(IReadOnlyList<CampaignOptions> campaigns, SyncOptions sync, ScheduleOptions schedule,
        Func<IActorRef, ICampaignPlacement> placementFor, ScheduleGate? gate = null) =>
        Akka.Actor.Props.Create(() => new CampaignCatalog(campaigns, sync, schedule, placementFor, gate));

    protected override void PreStart()
    {
        _placement = _placementFor(Self);
        foreach (var c in _campaigns.Values) _placement.Start(c, _sync);
        Timers.StartPeriodicTimer(nameof(KeepAlive), KeepAlive.Instance, KeepAliveInterval);
        StartSchedule();
        _gate?.Set(true);
        _log.Info("Campaign catalog started on {Node}: {Campaigns} campaigns, schedule {Schedule}", NodeName(), _campaigns.Count,
            _scheduleActor is null ? "off (no scheduled runs on this host)" : "on");
    }

    protected override void PostStop() => _gate?.Set(false);

    private void StartSchedule()
    {
        // Only the daemon registers what a scheduled run does; one-shot verbs and specs have no schedule.
        if (Hosting.ServiceLookup.Optional<IScheduledRuns>(Context.System) is null) return;
        _scheduleActor = Context.ActorOf(DependencyResolver.For(Context.System).Props<ScheduleActor>(_schedule, Context.System.Scheduler.Now), "schedule");
        Context.Watch(_scheduleActor);
    }

    private CatalogApplied Apply(ApplyCatalog m)
    {
        _sync = m.Sync;
        var started = new List<string>();
        foreach (var campaign in m.Campaigns)
        {
            if (_campaigns.ContainsKey(campaign.Name))
            {
                _placement.Apply(campaign, m.Sync);
            }
            else
            {
                _placement.Start(campaign, m.Sync);
                started.Add(campaign.Name);
            }
            _campaigns[campaign.Name] = campaign;
        }
        bool Configured(string name) => m.Campaigns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        var retired = _campaigns.Keys.Where(name => !Configured(name)).ToList();
        foreach (var name in retired)
        {
            _placement.Retire(name);
            _campaigns.Remove(name);
            _retired.Add(name);
            _log.Info("Campaign {Campaign} is no longer configured; retired (its ledger stays in the journal)", name);
        }
        // In a cluster every node applies the change (each watches the configuration): a retired entity restarted by its shard
        // on a node that had not applied it yet is retired again when that node's change arrives (idempotent on one node).
        _retired.RemoveWhere(Configured);
        foreach (var name in _retired.Except(retired, StringComparer.OrdinalIgnoreCase)) _placement.Retire(name);
        if (m.Schedule != _schedule)
        {
            _schedule = m.Schedule;
            _scheduleActor?.Tell(new ApplySchedule(m.Schedule));
        }
        return new CatalogApplied(started, retired);
    }

    private string NodeName() =>
        Context.System.Settings.ProviderClass.Contains("Cluster", StringComparison.Ordinal)
            ? Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString()
            : "local";
}
