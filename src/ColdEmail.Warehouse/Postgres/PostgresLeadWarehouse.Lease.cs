using System.Data.Common;
using ColdEmail.Warehouse.Lease;
using Npgsql;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// The sync/drain lease on PostgreSQL. A takeover locks the row (<c>FOR UPDATE</c>); every fenced write reads it
/// <c>FOR SHARE</c> inside the write's own transaction, so no takeover can commit between the check and the write.
/// </summary>
public sealed partial class PostgresLeadWarehouse : ILeaseWarehouse
{
    private LeaseGrant? _fence;

    public Task<LeaseAttempt> TryAcquireLeaseAsync(string name, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        LeaseStepAsync("taking the sync/drain lease", async (conn, tx) =>
        {
            var t0 = LeaseRules.Vacant(name).ExpiresAt.UtcDateTime;
            await using (var insert = Command(conn, tx,
                SqlText("lease/try_acquire_lease"),
                ("name", name), ("t0", t0)))
            {
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            var attempt = LeaseRules.Decide((await ReadLeaseAsync(conn, tx, name, "FOR UPDATE", ct).ConfigureAwait(false))!, holder, now, ttl);
            if (attempt.Acquired) await WriteLeaseAsync(conn, tx, attempt.Current, ct).ConfigureAwait(false);
            return attempt;
        }, ct);

    public Task<bool> RenewLeaseAsync(LeaseGrant grant, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        LeaseStepAsync("renewing the sync/drain lease", async (conn, tx) =>
        {
            var current = await ReadLeaseAsync(conn, tx, grant.Name, "FOR UPDATE", ct).ConfigureAwait(false);
            if (current is null || current.Epoch != grant.Epoch || current.Holder.Id != grant.Holder.Id) return false;
            await WriteLeaseAsync(conn, tx, current with { RenewedAt = now, ExpiresAt = now + ttl }, ct).ConfigureAwait(false);
            return true;
        }, ct);

    public Task ReleaseLeaseAsync(LeaseGrant grant, DateTimeOffset now, CancellationToken ct = default) =>
        LeaseStepAsync("releasing the sync/drain lease", async (conn, tx) =>
        {
            var current = await ReadLeaseAsync(conn, tx, grant.Name, "FOR UPDATE", ct).ConfigureAwait(false);
            if (current is null || current.Epoch != grant.Epoch || current.Holder.Id != grant.Holder.Id) return false;
            await WriteLeaseAsync(conn, tx, current with { ExpiresAt = now < current.ExpiresAt ? now : current.ExpiresAt }, ct).ConfigureAwait(false);
            return true;
        }, ct);

    public async Task<LeaseState?> ReadLeaseAsync(string name, CancellationToken ct = default) =>
        (await QueryAsync("reading the sync/drain lease", SqlText("lease/read_lease"), ReadLeaseRow, ct, ("name", name))
            .ConfigureAwait(false)).FirstOrDefault();

    public void SetWriteFence(LeaseGrant? grant) => _fence = grant;

    /// <summary>Runs first in every write transaction while a fence is set (see <c>InTransactionAsync</c>).</summary>
    private async Task VerifyFenceAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        if (_fence is not { } grant) return;
        var current = await ReadLeaseAsync(conn, tx, grant.Name, "FOR SHARE", ct).ConfigureAwait(false);
        if (!LeaseRules.Allows(current, grant, _time.GetUtcNow())) throw new LeaseLostException(grant, current);
    }

    /// <summary>A transaction without the fence: renewing must work exactly when the fence would refuse.</summary>
    private async Task<T> LeaseStepAsync<T>(string what, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> step, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        return await GuardAsync(what, async () =>
        {
            await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await step(conn, tx).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }, ct).ConfigureAwait(false);
    }

    private static async Task<LeaseState?> ReadLeaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string name, string locking, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, SqlText("lease/read_lease_2", ("locking", locking)), ("name", name));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? ReadLeaseRow(r) : null;
    }

    private static LeaseState ReadLeaseRow(DbDataReader r) => new(
        r.GetString(0), r.GetInt64(1), new LeaseHolder(r.GetString(2), r.GetString(3), r.GetInt32(4)),
        Utc(r.GetDateTime(5)), Utc(r.GetDateTime(6)), Utc(r.GetDateTime(7)));

    private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    private static async Task WriteLeaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LeaseState s, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx,
            SqlText("lease/write_lease"),
            ("epoch", s.Epoch), ("id", s.Holder.Id), ("host", s.Holder.Host), ("pid", s.Holder.Pid),
            ("acquired", s.AcquiredAt.UtcDateTime), ("renewed", s.RenewedAt.UtcDateTime), ("expires", s.ExpiresAt.UtcDateTime), ("name", s.Name));
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
