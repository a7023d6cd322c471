namespace ColdEmail.Pipeline.Drain;

/// <summary>What one batch (or one replayed decision) did, summed into the run summary.</summary>
internal sealed class DrainCounters
{
    public int Deleted, AlreadyGone, Open, SuppressedAtFirstSight;
    public readonly Dictionary<string, int> ByReason = new(StringComparer.Ordinal);
    public readonly List<string> Failures = [];

    public void Drained(string reason) => ByReason[reason] = ByReason.GetValueOrDefault(reason) + 1;

    public void Suppressed(string reason)
    {
        _ = reason;
        SuppressedAtFirstSight++;
    }
}
