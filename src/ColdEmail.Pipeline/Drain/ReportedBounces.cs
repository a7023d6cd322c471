namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// The drain journal's webhook bounce times, by normalised address. The earliest report wins: a redelivered or replayed
/// event, or a later bounce of the same address, never moves the grace's start later, and the drain's own first sighting
/// is kept apart (it is a weaker source), so it can neither lose nor replace the event's time. An address is forgotten
/// when the drain decides its lead, or <see cref="Retention"/> after its bounce: a report for a lead the drain never
/// checks (not in a campaign we manage) must not stay in memory for the daemon's whole life.
/// </summary>
public sealed class ReportedBounces
{
    /// <summary>Far beyond any bounce grace (days) and the drain's check interval, so a lead we manage is decided first.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    private readonly Dictionary<string, DateTimeOffset> _at = new(StringComparer.Ordinal);

    public int Count => _at.Count;

    /// <summary>Applies journalled reports; <paramref name="journalledAt"/> (the event's journal time) also ages out old reports.</summary>
    public void Add(IEnumerable<ReportedBounce> bounces, DateTimeOffset journalledAt)
    {
        foreach (var b in bounces)
        {
            if (!_at.TryGetValue(b.Email, out var known) || b.BouncedAt < known) _at[b.Email] = b.BouncedAt;
        }
        var horizon = journalledAt - Retention;
        foreach (var old in _at.Where(kv => kv.Value < horizon).Select(kv => kv.Key).ToList()) _at.Remove(old);
    }

    public void Forget(IEnumerable<string> emails)
    {
        foreach (var email in emails) _at.Remove(email);
    }

    /// <summary>The reported bounce times of those of <paramref name="emails"/> that have one.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> For(IEnumerable<string> emails) =>
        emails.Distinct(StringComparer.Ordinal).Where(_at.ContainsKey).ToDictionary(e => e, e => _at[e], StringComparer.Ordinal);

    public void Restore(IReadOnlyDictionary<string, DateTimeOffset>? snapshot)
    {
        _at.Clear();
        foreach (var (email, at) in snapshot ?? new Dictionary<string, DateTimeOffset>()) _at[email] = at;
    }

    public IReadOnlyDictionary<string, DateTimeOffset> ToSnapshot() => new Dictionary<string, DateTimeOffset>(_at, StringComparer.Ordinal);
}
