namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// The emails a run has already met, kept as 64-bit fingerprints (FNV-1a) rather than strings, so a
/// run over a million leads holds megabytes, not a hundred. A collision (odds about n²/2⁶⁵) only
/// makes this run pass over a lead; it stays in the pool for the next.
/// </summary>
public sealed class EmailFingerprints
{
    private readonly HashSet<ulong> _seen;

    /// <param name="initial">Emails already met (e.g. those of batches still in flight).</param>
    /// <param name="capacity">
    /// How many emails the run expects to meet. A set that grows by doubling to a million entries leaves each smaller
    /// table behind as large-object-heap garbage (tens of MB until a full collection); sized once, it allocates once.
    /// </param>
    public EmailFingerprints(IEnumerable<string>? initial = null, int capacity = 0)
    {
        _seen = new HashSet<ulong>(Math.Max(0, capacity));
        if (initial is null) return;
        foreach (var email in initial) Add(email);
    }

    public int Count => _seen.Count;

    /// <summary>True when the email was not met before.</summary>
    public bool Add(string email) => _seen.Add(Fingerprint(email));

    public void Remove(string email) => _seen.Remove(Fingerprint(email));

    public static ulong Fingerprint(string email)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in email)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
