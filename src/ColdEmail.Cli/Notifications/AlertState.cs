namespace ColdEmail.Cli.Notifications;

/// <summary>
/// Remembers the last state of each alert condition so an alert goes out once per change (circuit opened,
/// circuit recovered, inventory below target, inventory restored), not after every run.
/// </summary>
public sealed class AlertState
{
    private readonly Dictionary<string, bool> _raised = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Records the condition; returns true when it differs from the last one seen (the first sighting of a raised condition counts).</summary>
    public bool Changed(string condition, bool raised)
    {
        lock (_gate)
        {
            var known = _raised.TryGetValue(condition, out var previous);
            _raised[condition] = raised;
            return known ? previous != raised : raised;
        }
    }
}
