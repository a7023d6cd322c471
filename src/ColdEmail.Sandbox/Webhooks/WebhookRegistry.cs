namespace ColdEmail.Sandbox.Webhooks;

/// <summary>The workspace's webhook subscriptions and delivery log, in memory (not in the state file), behind one lock.</summary>
internal sealed class WebhookRegistry(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<SandboxWebhook> _hooks = [];
    private readonly List<SandboxWebhookEvent> _log = [];

    private volatile int _count;

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Whether any webhook is subscribed: without one, the simulation raises nothing (no cost on big runs).</summary>
    public bool Any => _count > 0;

    public SandboxWebhook Add(string url, string? eventType, string? campaign, string? name, double? customInterest, Dictionary<string, string>? headers)
    {
        var hook = new SandboxWebhook
        {
            Id = Guid.CreateVersion7(Now).ToString(), TimestampCreated = Now, TargetHookUrl = url, EventType = eventType,
            Campaign = campaign, Name = name, CustomInterestValue = customInterest, Headers = headers,
        };
        lock (_gate)
        {
            _hooks.Add(hook);
            _count = _hooks.Count;
        }
        return hook;
    }

    public SandboxWebhook? Get(string id)
    {
        lock (_gate) return _hooks.FirstOrDefault(h => string.Equals(h.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    public SandboxWebhook? Remove(string id)
    {
        lock (_gate)
        {
            var hook = Get(id);
            if (hook is not null) _hooks.Remove(hook);
            _count = _hooks.Count;
            return hook;
        }
    }

    /// <summary>Applies a change under the lock (patch, resume) and returns the webhook, or null when there is none.</summary>
    public SandboxWebhook? Update(string id, Action<SandboxWebhook> change)
    {
        lock (_gate)
        {
            if (Get(id) is not { } hook) return null;
            change(hook);
            return hook;
        }
    }

    public IReadOnlyList<SandboxWebhook> List(int limit, string? after, string? campaign, string? eventType)
    {
        lock (_gate)
            return After(_hooks, after, h => h.Id)
                .Where(h => campaign is null || string.Equals(h.Campaign, campaign, StringComparison.OrdinalIgnoreCase))
                .Where(h => eventType is null || h.EventType == eventType)
                .Take(limit).ToList();
    }

    public IReadOnlyList<SandboxWebhook> Subscribers(WebhookSignal s)
    {
        lock (_gate) return _hooks.Where(h => h.Wants(s)).ToList();
    }

    /// <summary>Records a delivery; a failure counts towards disabling the webhook after <paramref name="disableAfter"/> in a row.</summary>
    public void Record(SandboxWebhook hook, SandboxWebhookEvent delivery, int disableAfter)
    {
        lock (_gate)
        {
            _log.Add(delivery);
            if (hook.Status != 1) return;
            if (delivery.Success)
            {
                hook.ConsecutiveFailures = 0;
                return;
            }
            if (++hook.ConsecutiveFailures < disableAfter) return;
            hook.Status = -1;
            hook.TimestampError = delivery.TimestampCreated;
        }
    }

    public IReadOnlyList<SandboxWebhookEvent> Events(int limit, string? after, bool? success, DateOnly? from, DateOnly? to, string? search)
    {
        lock (_gate)
            return After(_log, after, e => e.Id)
                .Where(e => success is null || e.Success == success)
                .Where(e => from is null || DateOnly.FromDateTime(e.TimestampCreated.UtcDateTime) >= from)
                .Where(e => to is null || DateOnly.FromDateTime(e.TimestampCreated.UtcDateTime) <= to)
                .Where(e => search is null || e.WebhookUrl == search || string.Equals(e.LeadEmail, search, StringComparison.OrdinalIgnoreCase))
                .Take(limit).ToList();
    }

    public SandboxWebhookEvent? Event(string id)
    {
        lock (_gate) return _log.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The items after the cursor in insertion order (ids made on a frozen simulated clock do not sort by time).</summary>
    private static IEnumerable<T> After<T>(List<T> items, string? after, Func<T, string> id)
    {
        if (after is null) return items;
        var at = items.FindIndex(i => string.Equals(id(i), after, StringComparison.OrdinalIgnoreCase));
        return at < 0 ? [] : items.Skip(at + 1);
    }

    public void Clear()
    {
        lock (_gate)
        {
            _hooks.Clear();
            _log.Clear();
            _count = 0;
        }
    }
}
