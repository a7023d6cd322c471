namespace ColdEmail.Warehouse.Lease;

/// <summary>A write was refused because this process no longer holds the sync/drain lease it was fenced with.</summary>
public sealed class LeaseLostException : WarehouseException
{
    public LeaseLostException(LeaseGrant grant, LeaseState? current)
        : base(current is null
            ? $"This process's sync/drain lease (epoch {grant.Epoch}) is gone from ops_lease; it writes nothing more"
            : current.Epoch == grant.Epoch
                ? $"This process's sync/drain lease (epoch {grant.Epoch}) expired at {current.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC before it was renewed; it writes nothing until it holds the lease again"
                : $"This process's sync/drain lease (epoch {grant.Epoch}) was taken over by {current.Describe()} at epoch {current.Epoch}; it writes nothing more")
    {
        Grant = grant;
        Current = current;
    }

    public LeaseGrant Grant { get; }
    public LeaseState? Current { get; }

    /// <summary>A condition between processes, not a bug: logged and reported as one line.</summary>
    public override string? StackTrace => null;
}
