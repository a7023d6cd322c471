namespace ColdEmail.Sandbox.Faults;

/// <summary>What to do to one request.</summary>
internal enum FaultKind { None, ServerError, TooManyRequests, Drop, ErrorInBody, Garbage }

/// <summary>Draws faults from a seeded generator, so a run with the same seed and the same requests fails the same way.</summary>
internal sealed class FaultInjector(FaultOptions options, int seed)
{
    private readonly Lock _gate = new();
    private Random _random = new(seed);

    public FaultOptions Options { get; private set; } = options;

    public void Set(FaultOptions options)
    {
        options.Validate();
        lock (_gate) Options = options;
    }

    public void Reseed(int seed)
    {
        lock (_gate) _random = new Random(seed);
    }

    /// <summary>A fault instead of handling the request, and whether the answer is slow.</summary>
    public (FaultKind Kind, bool Slow) Before()
    {
        lock (_gate)
        {
            var o = Options;
            if (!o.Any) return (FaultKind.None, false);
            var slow = o.SlowRate > 0 && _random.NextDouble() < o.SlowRate;
            var r = _random.NextDouble();
            var kind = FaultKind.None;
            foreach (var (rate, candidate) in new[] { (o.ServerErrorRate, FaultKind.ServerError), (o.TooManyRequestsRate, FaultKind.TooManyRequests),
                         (o.DropRate, FaultKind.Drop), (o.ErrorInBodyRate, FaultKind.ErrorInBody), (o.GarbageRate, FaultKind.Garbage) })
            {
                if (r < rate) { kind = candidate; break; }
                r -= rate;
            }
            return (kind, slow);
        }
    }

    /// <summary>For a write that has been applied: lose its answer (a 500 or a dropped connection), or not.</summary>
    public FaultKind AfterWrite()
    {
        lock (_gate)
        {
            var o = Options;
            if (o.AppliedButLostRate <= 0 || _random.NextDouble() >= o.AppliedButLostRate) return FaultKind.None;
            return _random.Next(2) == 0 ? FaultKind.ServerError : FaultKind.Drop;
        }
    }
}
