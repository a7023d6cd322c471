using ColdEmail.Warehouse.Lease;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// The sync/drain lease on BigQuery. A takeover is one conditional MERGE (BigQuery serialises DML on a table, and
/// a concurrent one fails rather than both winning), read back to see who holds the row. BigQuery has no row
/// locks, so the fence check is its own query just before each write job: a holder that pauses past its expiry
/// between that check and the job could still land that one job; every later one is refused.
/// </summary>
public sealed partial class BigQueryLeadWarehouse : ILeaseWarehouse
{
    public async Task<LeaseAttempt> TryAcquireLeaseAsync(string name, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(holder);
        // DML through the query call: never fenced (see SetWriteFence), it only completes.
        await _client.QueryAllAsync(SqlText("lease/try_acquire_lease"),
            [BqParameter.String("name", name), BqParameter.String("holder", holder.Id), BqParameter.String("host", holder.Host),
             BqParameter.Int64("pid", holder.Pid), BqParameter.Timestamp("now", now), BqParameter.Timestamp("expires", now + ttl)], ct).ConfigureAwait(false);
        var current = await ReadLeaseAsync(name, ct).ConfigureAwait(false)
            ?? throw new WarehouseException($"BigQuery: ops_lease has no row '{name}' right after taking it");
        return current.Holder.Id == holder.Id
            ? new LeaseAttempt(new LeaseGrant(name, holder, current.Epoch), current)
            : new LeaseAttempt(null, current);
    }

    public async Task<bool> RenewLeaseAsync(LeaseGrant grant, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await UpdateOwnLeaseAsync(grant, "renewed_at = @now, expires_at = @expires", now, now + ttl, ct).ConfigureAwait(false);
        var current = await ReadLeaseAsync(grant.Name, ct).ConfigureAwait(false);
        return current is not null && current.Epoch == grant.Epoch && current.Holder.Id == grant.Holder.Id;
    }

    public Task ReleaseLeaseAsync(LeaseGrant grant, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return UpdateOwnLeaseAsync(grant, "expires_at = LEAST(expires_at, @now)", now, now, ct);
    }

    public async Task<LeaseState?> ReadLeaseAsync(string name, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            SqlText("lease/read_lease"),
            [BqParameter.String("name", name)], ct).ConfigureAwait(false))
        .Select(r => new LeaseState(
            r.RequiredString("name"), r.Int64("epoch") ?? 0,
            new LeaseHolder(r.RequiredString("holder_id"), r.RequiredString("holder_host"), r.Int32("holder_pid") ?? 0),
            r.Timestamp("acquired_at")!.Value, r.Timestamp("renewed_at")!.Value, r.Timestamp("expires_at")!.Value))
        .FirstOrDefault();

    public void SetWriteFence(LeaseGrant? grant) =>
        _client.BeforeExecute = grant is null ? null : async ct =>
        {
            var current = await ReadLeaseAsync(grant.Name, ct).ConfigureAwait(false);
            if (!LeaseRules.Allows(current, grant, _time.GetUtcNow())) throw new LeaseLostException(grant, current);
        };

    private Task UpdateOwnLeaseAsync(LeaseGrant grant, string set, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct) =>
        _client.QueryAllAsync(
            SqlText("lease/update_own_lease", ("set", set)),
            [BqParameter.String("name", grant.Name), BqParameter.String("holder", grant.Holder.Id), BqParameter.Int64("epoch", grant.Epoch),
             BqParameter.Timestamp("now", now), BqParameter.Timestamp("expires", expires)], ct);
}
