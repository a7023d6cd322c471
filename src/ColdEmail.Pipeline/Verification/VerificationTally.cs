namespace ColdEmail.Pipeline.Verification;

/// <summary>Running counts of the verifier, for run summaries: how many were decided where, and credits spent.</summary>
public sealed class VerificationTally
{
    private long _rejectedLocally, _reused, _started, _polls, _failedCalls;
    private decimal _credits;
    private readonly Lock _gate = new();

    public long RejectedLocally => Interlocked.Read(ref _rejectedLocally);
    public long Reused => Interlocked.Read(ref _reused);
    public long Started => Interlocked.Read(ref _started);
    public long Polls => Interlocked.Read(ref _polls);
    public long FailedCalls => Interlocked.Read(ref _failedCalls);
    public decimal CreditsUsed { get { lock (_gate) return _credits; } }

    internal void RejectLocally() => Interlocked.Increment(ref _rejectedLocally);
    internal void Reuse() => Interlocked.Increment(ref _reused);
    internal void Start(decimal? credits)
    {
        Interlocked.Increment(ref _started);
        if (credits is { } c) lock (_gate) _credits += c;
    }
    internal void Poll() => Interlocked.Increment(ref _polls);
    internal void FailCall() => Interlocked.Increment(ref _failedCalls);
}
