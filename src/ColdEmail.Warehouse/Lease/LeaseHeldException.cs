namespace ColdEmail.Warehouse.Lease;

/// <summary>Another live process holds the sync/drain lease: this one must not sync or drain (the CLI exits 2 with this message).</summary>
public sealed class LeaseHeldException : WarehouseException
{
    public LeaseHeldException(LeaseState current)
        : base($"Another process holds the sync/drain lease on this warehouse: {current?.Describe()}. " +
               "Only one process may sync or drain a warehouse at a time; stop that one first (if it died, its lease expires at the time shown).")
    {
        ArgumentNullException.ThrowIfNull(current);
        Current = current;
    }

    public LeaseState Current { get; }

    /// <summary>A condition between processes, not a bug: logged and reported as one line.</summary>
    public override string? StackTrace => null;
}
