using Akka.Actor;
using Akka.Event;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Whether this node runs the cluster's one schedule (sync, drain, orphan scans). Every node runs the daemon's scheduler; in a
/// cluster only the node hosting the <see cref="ScheduleOwnerActor"/> singleton lets it fire, so a campaign is synced and a lead
/// drained by one run at a time, not once per node. The flag moves with the singleton on hand-over.
/// </summary>
public sealed class ScheduleGate
{
    private volatile bool _owner;

    public bool IsOwner => _owner;

    internal void Set(bool owner) => _owner = owner;
}

/// <summary>The cluster singleton whose presence on a node makes that node the schedule's owner.</summary>
public sealed class ScheduleOwnerActor : ReceiveActor
{
    public const string SingletonName = "schedule-owner";

    private readonly ScheduleGate _gate;

    public ScheduleOwnerActor(ScheduleGate gate)
    {
        _gate = gate;
        ReceiveAny(_ => { });
    }

    public static Props Props(ScheduleGate gate) => Akka.Actor.Props.Create(() => new ScheduleOwnerActor(gate));

    protected override void PreStart()
    {
        _gate.Set(true);
        Context.GetLogger().Info("This node now owns the cluster's schedule");
    }

    protected override void PostStop() => _gate.Set(false);
}
