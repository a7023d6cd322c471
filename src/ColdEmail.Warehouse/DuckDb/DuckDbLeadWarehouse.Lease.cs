using System.Data.Common;
using ColdEmail.Warehouse.Lease;
using DuckDB.NET.Data;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// The sync/drain lease on DuckDB. Every step runs under the adapter's write semaphore on an open file, and DuckDB
/// lets one process hold the file at a time, so reading the row and writing the decision is atomic across processes;
/// the fence check runs the same way right before each write (see <c>WriteAsync</c>).
/// </summary>
public sealed partial class DuckDbLeadWarehouse : ILeaseWarehouse
{
    private DuckDbFence? _fence;

    public Task<LeaseAttempt> TryAcquireLeaseAsync(string name, LeaseHolder holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        LeaseStepAsync(conn =>
        {
            var vacant = LeaseRules.Vacant(name);
            using (var insert = Command(conn,
                SqlText("lease/try_acquire_lease"),
                ("name", name), ("t0", vacant.ExpiresAt.UtcDateTime)))
            {
                insert.ExecuteNonQuery();
            }
            var attempt = LeaseRules.Decide(ReadLease(conn, name)!, holder, now, ttl);
            if (attempt.Acquired) WriteLease(conn, attempt.Current);
            return attempt;
        }, ct);

    public Task<bool> RenewLeaseAsync(LeaseGrant grant, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default) =>
        LeaseStepAsync(conn =>
        {
            var current = ReadLease(conn, grant.Name);
            if (current is null || current.Epoch != grant.Epoch || current.Holder.Id != grant.Holder.Id) return false;
            WriteLease(conn, current with { RenewedAt = now, ExpiresAt = now + ttl });
            return true;
        }, ct);

    public Task ReleaseLeaseAsync(LeaseGrant grant, DateTimeOffset now, CancellationToken ct = default) =>
        LeaseStepAsync(conn =>
        {
            var current = ReadLease(conn, grant.Name);
            if (current is null || current.Epoch != grant.Epoch || current.Holder.Id != grant.Holder.Id) return false;
            WriteLease(conn, current with { ExpiresAt = now < current.ExpiresAt ? now : current.ExpiresAt });
            return true;
        }, ct);

    public Task<LeaseState?> ReadLeaseAsync(string name, CancellationToken ct = default) =>
        ReadAsync(conn => ReadLease(conn, name), ct);

    public void SetWriteFence(LeaseGrant? grant) => _fence = grant is null ? null : new DuckDbFence(grant);

    /// <summary>
    /// Like a write, but never fenced: renewing must work exactly when the fence would refuse. A step aborted by a
    /// write conflict was rolled back whole, so it runs again from its read: the decision is then taken on the row the
    /// other writer left, never on the one this step saw first.
    /// </summary>
    private async Task<T> LeaseStepAsync<T>(Func<DuckDBConnection, T> step, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await _writeLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                return await Task.Run(() =>
                {
                    using var conn = Open();
                    using var tx = conn.BeginTransaction();
                    var result = step(conn);
                    tx.Commit();
                    return result;
                }, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < LeaseStepAttempts && DuckDbTransactionConflict.Is(e))
            {
                // Falls through to the next attempt once the lock is released, so the other writer can finish.
            }
            finally
            {
                _writeLock.Release();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), ct).ConfigureAwait(false);
        }
    }

    /// <summary>Enough for any burst of in-process lease writers; a conflict that outlasts it is reported as the error it is.</summary>
    private const int LeaseStepAttempts = 20;

    private static LeaseState? ReadLease(DuckDBConnection conn, string name)
    {
        using var cmd = Command(conn, SqlText("lease/read_lease"), ("name", name));
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadLeaseRow(r) : null;
    }

    private static LeaseState ReadLeaseRow(DbDataReader r) => new(
        r.GetString(0), Convert.ToInt64(r.GetValue(1)),
        new LeaseHolder(r.GetString(2), r.GetString(3), Convert.ToInt32(r.GetValue(4))),
        Time(r, 5)!.Value, Time(r, 6)!.Value, Time(r, 7)!.Value);

    private static void WriteLease(DuckDBConnection conn, LeaseState s)
    {
        using var cmd = Command(conn,
            SqlText("lease/write_lease"),
            ("epoch", s.Epoch), ("id", s.Holder.Id), ("host", s.Holder.Host), ("pid", s.Holder.Pid),
            ("acquired", s.AcquiredAt.UtcDateTime), ("renewed", s.RenewedAt.UtcDateTime), ("expires", s.ExpiresAt.UtcDateTime), ("name", s.Name));
        cmd.ExecuteNonQuery();
    }

    /// <summary>The check every write runs first, on its own connection, while this process holds the file.</summary>
    private sealed class DuckDbFence(LeaseGrant grant)
    {
        public void Verify(DuckDBConnection conn, DateTimeOffset now)
        {
            var current = ReadLease(conn, grant.Name);
            if (!LeaseRules.Allows(current, grant, now)) throw new LeaseLostException(grant, current);
        }
    }
}

/// <summary>Whether the adapter holds the file right now (tests of the release between runs).</summary>
public sealed partial class DuckDbLeadWarehouse
{
    internal bool HoldsFile => _file.IsOpen;
}
