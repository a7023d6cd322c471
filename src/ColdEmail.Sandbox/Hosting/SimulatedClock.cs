namespace ColdEmail.Sandbox.Hosting;

/// <summary>
/// A clock that moves only when told to (<see cref="Advance"/>), shared by the sandbox and whoever else must agree
/// on "now" (the demo's pipeline). Timers created from it fire when an advance passes their due time.
/// </summary>
public sealed class SimulatedClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestampTicks;

    public SimulatedClock(DateTimeOffset? start = null) =>
        _now = start ?? new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate) return _timestampTicks;
    }

    /// <summary>Moves time forward and fires, in due order, every timer that has come due.</summary>
    public void Advance(TimeSpan delta)
    {
        if (delta < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delta), delta, "The simulated clock only moves forward.");
        DateTimeOffset target;
        lock (_gate) target = _now + delta;
        while (true)
        {
            SimulatedTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _timestampTicks += (target - _now).Ticks;
                    _now = target;
                    return;
                }
                var at = due.DueAt!.Value;
                if (at > _now)
                {
                    _timestampTicks += (at - _now).Ticks;
                    _now = at;
                }
                due.Reschedule(_now);
            }
            due.Fire();
        }
    }

    /// <summary>Jumps to a later instant (no-op if it is not later).</summary>
    public void AdvanceTo(DateTimeOffset instant)
    {
        var delta = instant - GetUtcNow();
        if (delta > TimeSpan.Zero) Advance(delta);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SimulatedTimer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Remove(SimulatedTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class SimulatedTimer(SimulatedClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
            }
            return true;
        }

        // Called under the clock's lock.
        public void Reschedule(DateTimeOffset now) =>
            DueAt = _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero ? null : now + _period;

        public void Fire() => callback(state);

        public void Dispose() => clock.Remove(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
