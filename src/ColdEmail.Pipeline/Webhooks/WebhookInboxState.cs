using ColdEmail.Domain.Webhooks;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>
/// The inbox's state, changed only by its journal events so recovery rebuilds it exactly: every key received within
/// the retention (dedupe) and the facts received but not applied yet (applied again after a crash).
/// </summary>
public sealed class WebhookInboxState
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebhookFact> _pending = new(StringComparer.Ordinal);

    public int Remembered => _seen.Count;
    public int PendingCount => _pending.Count;
    public IEnumerable<WebhookFact> Pending => _pending.Values;

    public bool Knows(string key) => _seen.ContainsKey(key);

    public void Apply(IWebhookInboxEvent e)
    {
        switch (e)
        {
            case WebhookEventsRecorded r:
                foreach (var fact in r.Facts)
                {
                    if (!_seen.TryAdd(fact.Key, r.At)) continue;
                    _pending[fact.Key] = fact;
                }
                break;
            case WebhookEventsApplied a:
                foreach (var key in a.Keys) _pending.Remove(key);
                break;
        }
    }

    /// <summary>Forgets applied keys older than <paramref name="retention"/>; pending ones are kept until applied.</summary>
    public int Prune(DateTimeOffset now, TimeSpan retention)
    {
        var old = _seen.Where(kv => now - kv.Value > retention && !_pending.ContainsKey(kv.Key)).Select(kv => kv.Key).ToList();
        foreach (var key in old) _seen.Remove(key);
        return old.Count;
    }

    public WebhookInboxSnapshot ToSnapshot() =>
        new(_seen.Select(kv => new SeenWebhookEvent(kv.Key, kv.Value)).ToList(), _pending.Values.ToList());

    public static WebhookInboxState FromSnapshot(WebhookInboxSnapshot snapshot)
    {
        var state = new WebhookInboxState();
        foreach (var s in snapshot.Seen) state._seen[s.Key] = s.At;
        foreach (var f in snapshot.Pending) state._pending[f.Key] = f;
        return state;
    }
}
