namespace ColdEmail.Warehouse.Lease;

/// <summary>
/// The sync/drain lease row (<c>ops_lease</c>) and write fencing. Only one process may sync or drain a warehouse: it
/// takes the lease, renews it before it expires, and sets the grant as this adapter's fence, after which every write
/// first checks (atomically with the write where the engine allows: DuckDB's file lock, PostgreSQL's row lock) that the
/// lease row still carries its epoch and has not expired; otherwise the write fails with <see cref="LeaseLostException"/>.
/// </summary>
public interface ILeaseWarehouse
{
    /// <summary>Takes or extends the lease per <see cref="LeaseRules.Decide"/> in one atomic step.</summary>
    Task<LeaseAttempt> TryAcquireLeaseAsync(string name, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Extends the lease while <paramref name="grant"/>'s epoch is still the row's; false when it was taken over.</summary>
    Task<bool> RenewLeaseAsync(LeaseGrant grant, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Ends the lease now (keeping its epoch) if <paramref name="grant"/> still holds it.</summary>
    Task ReleaseLeaseAsync(LeaseGrant grant, DateTimeOffset now, CancellationToken ct = default);

    Task<LeaseState?> ReadLeaseAsync(string name, CancellationToken ct = default);

    /// <summary>Makes every later write of this adapter check <paramref name="grant"/> first (null: no check).</summary>
    void SetWriteFence(LeaseGrant? grant);
}
