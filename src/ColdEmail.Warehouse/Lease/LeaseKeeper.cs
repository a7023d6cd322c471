namespace ColdEmail.Warehouse.Lease;

/// <summary>
/// Holds the sync/drain lease for a process: takes it (or fails with <see cref="LeaseHeldException"/>), fences the
/// adapter's writes with the grant, renews it every third of its time to live on the injected clock, and releases it
/// when disposed. A renewal that finds the lease taken over reports <see cref="Lost"/> once (the daemon stops); a
/// renewal that fails (warehouse unreachable) is retried at the next tick, and writes stay fenced by the expiry.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly ILeaseWarehouse _warehouse;
    private readonly TimeSpan _ttl;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private Task _renewal = Task.CompletedTask;
    private int _lost;
    private bool _disposed;

    private LeaseKeeper(ILeaseWarehouse warehouse, LeaseGrant grant, TimeSpan ttl, TimeProvider time)
    {
        _warehouse = warehouse;
        Grant = grant;
        _ttl = ttl;
        _time = time;
        var every = ttl / 3;
        _timer = time.CreateTimer(_ => Tick(), null, every, every);
    }

    public LeaseGrant Grant { get; }

    /// <summary>The lease was taken over (or vanished): this process must stop syncing and draining. Raised once.</summary>
    public event Action<string>? Lost;

    /// <summary>A renewal failed for another reason (it is retried at the next tick).</summary>
    public event Action<Exception>? RenewalFailed;

    /// <summary>The renewal the last tick started (tests await it after advancing a fake clock).</summary>
    public Task PendingRenewal
    {
        get
        {
            lock (_gate) return _renewal;
        }
    }

    public static async Task<LeaseKeeper> AcquireAsync(ILeaseWarehouse warehouse, LeaseHolder holder, TimeSpan ttl, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(time);
        if (ttl <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The lease's time to live must be positive");
        var attempt = await warehouse.TryAcquireLeaseAsync(LeaseRules.Pipeline, holder, time.GetUtcNow(), ttl, ct).ConfigureAwait(false);
        if (attempt.Grant is not { } grant) throw new LeaseHeldException(attempt.Current);
        warehouse.SetWriteFence(grant);
        return new LeaseKeeper(warehouse, grant, ttl, time);
    }

    public async ValueTask DisposeAsync()
    {
        Task pending;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            pending = _renewal;
        }
        await _timer.DisposeAsync().ConfigureAwait(false);
        await pending.ConfigureAwait(false);
        _warehouse.SetWriteFence(null);
        if (Volatile.Read(ref _lost) != 0) return;
        try
        {
            await _warehouse.ReleaseLeaseAsync(Grant, _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (WarehouseException e)
        {
            // Not releasing only delays the next holder until the expiry; it loses nothing.
            RenewalFailed?.Invoke(e);
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_disposed || !_renewal.IsCompleted) return;
            _renewal = RenewAsync();
        }
    }

    private async Task RenewAsync()
    {
        await Task.Yield();
        try
        {
            if (await _warehouse.RenewLeaseAsync(Grant, _time.GetUtcNow(), _ttl, CancellationToken.None).ConfigureAwait(false)) return;
            if (Interlocked.Exchange(ref _lost, 1) == 0)
            {
                var current = await _warehouse.ReadLeaseAsync(Grant.Name, CancellationToken.None).ConfigureAwait(false);
                Lost?.Invoke(new LeaseLostException(Grant, current).Message);
            }
        }
        catch (Exception e) when (e is WarehouseException or TimeoutException or IOException or InvalidOperationException)
        {
            RenewalFailed?.Invoke(e);
        }
    }
}
