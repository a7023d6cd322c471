using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Faults;

/// <summary>
/// The workspace-wide limits (per second and per minute, sliding windows), shared by every key, as the real API.
/// Returns how long to wait when a request is over a limit.
/// </summary>
internal sealed class WorkspaceRateLimiter(RateLimitOptions options)
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _lastMinute = new();
    private readonly Queue<long> _lastSecond = new();
    private RateLimitOptions _options = options;

    public RateLimitOptions Options
    {
        get { lock (_gate) return _options; }
    }

    public void Set(RateLimitOptions options)
    {
        if (options.PerSecond < 1 || options.PerMinute < 1) throw new ArgumentOutOfRangeException(nameof(options), "Rate limits must be at least 1.");
        lock (_gate)
        {
            _options = options;
            _lastMinute.Clear();
            _lastSecond.Clear();
        }
    }

    /// <returns>null when the request may go; else the wait before one would be allowed.</returns>
    public TimeSpan? TryAcquire()
    {
        lock (_gate)
        {
            var o = _options;
            if (!o.Enabled) return null;
            var clock = o.Clock ?? TimeProvider.System;
            var now = clock.GetUtcNow().UtcTicks;
            var minuteAgo = now - TimeSpan.TicksPerMinute;
            while (_lastMinute.Count > 0 && _lastMinute.Peek() <= minuteAgo) _lastMinute.Dequeue();
            if (_lastMinute.Count >= o.PerMinute)
                return TimeSpan.FromTicks(_lastMinute.Peek() - minuteAgo);
            var secondAgo = now - TimeSpan.TicksPerSecond;
            while (_lastSecond.Count > 0 && _lastSecond.Peek() <= secondAgo) _lastSecond.Dequeue();
            if (_lastSecond.Count >= o.PerSecond)
                return TimeSpan.FromTicks(_lastSecond.Peek() - secondAgo);
            _lastSecond.Enqueue(now);
            _lastMinute.Enqueue(now);
            return null;
        }
    }
}
