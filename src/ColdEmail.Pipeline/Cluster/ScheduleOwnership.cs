using ColdEmail.Pipeline.Schedule;

namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Whether this node runs the cluster's one schedule (sync, drain, orphan scans): set while the campaign catalog — the singleton that
/// owns the schedule — runs on this node (<see cref="Catalog.CampaignCatalog"/>), so status and tests can tell where the schedule is.
/// The flag moves with the singleton on hand-over.
/// </summary>
public sealed class ScheduleGate
{
    private volatile bool _owner;
    private ScheduleStopped? _handedOver;

    public bool IsOwner => _owner;

    /// <summary>
    /// How the schedule ended when the catalog singleton handed over from this node (a SIGTERM's graceful leave): its failed
    /// runs and the runs it had to cut off after coldemail.shutdown-timeout. Null when the schedule did not stop here that way.
    /// `coldemail run` exits with it, as one node exits with its own schedule's answer.
    /// </summary>
    public ScheduleStopped? HandedOver => Volatile.Read(ref _handedOver);

    internal void Set(bool owner) => _owner = owner;

    internal void RecordHandOver(ScheduleStopped stopped) => Volatile.Write(ref _handedOver, stopped);
}
