namespace ColdEmail.Pipeline.Cluster;

/// <summary>
/// Whether this node runs the cluster's one schedule (sync, drain, orphan scans): set while the campaign catalog — the singleton that
/// owns the schedule — runs on this node (<see cref="Catalog.CampaignCatalog"/>), so status and tests can tell where the schedule is.
/// The flag moves with the singleton on hand-over.
/// </summary>
public sealed class ScheduleGate
{
    private volatile bool _owner;

    public bool IsOwner => _owner;

    internal void Set(bool owner) => _owner = owner;
}
