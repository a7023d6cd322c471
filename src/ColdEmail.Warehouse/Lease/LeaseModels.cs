namespace ColdEmail.Warehouse.Lease;

/// <summary>Who holds (or asks for) a lease: a process instance, named for the operator by host and pid.</summary>
/// <param name="Id">Unique per process start, so a restarted process on the same host and pid is a new holder.</param>
public sealed record LeaseHolder(string Id, string Host, int Pid)
{
    /// <summary>This process, with a fresh id.</summary>
    public static LeaseHolder ThisProcess() => new(Guid.NewGuid().ToString("N"), Environment.MachineName, Environment.ProcessId);
}

/// <summary>
/// A row of <c>ops_lease</c>. <see cref="Epoch"/> is the fencing token: it grows by one at every change of holder and
/// is never reset (releasing keeps the row and only ends its expiry), so a stale holder can always be told apart.
/// </summary>
public sealed record LeaseState(
    string Name,
    long Epoch,
    LeaseHolder Holder,
    DateTimeOffset AcquiredAt,
    DateTimeOffset RenewedAt,
    DateTimeOffset ExpiresAt)
{
    public bool IsLiveAt(DateTimeOffset now) => ExpiresAt > now;

    /// <summary>For the operator: host, pid and since when (UTC), never anything else.</summary>
    public string Describe() =>
        $"host {Holder.Host}, pid {Holder.Pid}, since {AcquiredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (lease expires {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC unless renewed)";
}

/// <summary>What a process may write with: the lease it holds and the epoch it got it at.</summary>
public sealed record LeaseGrant(string Name, LeaseHolder Holder, long Epoch);

/// <summary>The answer to an acquisition: the grant, or the live lease of someone else.</summary>
public sealed record LeaseAttempt(LeaseGrant? Grant, LeaseState Current)
{
    public bool Acquired => Grant is not null;
}

/// <summary>
/// The one rule every dialect applies inside its own atomic step: a free or expired lease is taken with the next epoch,
/// the holder's own lease is extended with the same epoch, a live lease of someone else is refused.
/// </summary>
public static class LeaseRules
{
    /// <summary>The sync/drain lease's name: one per warehouse.</summary>
    public const string Pipeline = "sync-drain";

    /// <summary>The placeholder a dialect inserts when the row is missing: epoch 0, expired since ever, no holder.</summary>
    public static LeaseState Vacant(string name) =>
        new(name, 0, new LeaseHolder("", "", 0), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    public static LeaseAttempt Decide(LeaseState current, LeaseHolder me, DateTimeOffset now, TimeSpan ttl)
    {
        if (current.Holder.Id == me.Id)
        {
            var kept = current with { RenewedAt = now, ExpiresAt = now + ttl };
            return new LeaseAttempt(new LeaseGrant(current.Name, me, current.Epoch), kept);
        }
        if (current.IsLiveAt(now))
        {
            return new LeaseAttempt(null, current);
        }
        var taken = new LeaseState(current.Name, current.Epoch + 1, me, now, now, now + ttl);
        return new LeaseAttempt(new LeaseGrant(current.Name, me, taken.Epoch), taken);
    }

    /// <summary>Whether <paramref name="grant"/> still allows writing, given the row as it is now.</summary>
    public static bool Allows(LeaseState? current, LeaseGrant grant, DateTimeOffset now) =>
        current is not null && current.Epoch == grant.Epoch && current.Holder.Id == grant.Holder.Id && current.IsLiveAt(now);
}
