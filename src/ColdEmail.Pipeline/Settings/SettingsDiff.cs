namespace ColdEmail.Pipeline.Settings;

/// <summary>One changed key: old and new values (masked for secrets) and whether only a restart applies it.</summary>
public sealed record SettingChange(string Key, string? OldValue, string? NewValue, bool IsSecret, bool RequiresRestart)
{
    public override string ToString()
    {
        var text = $"{Key} {Show(OldValue)} → {Show(NewValue)}";
        return RequiresRestart ? text + " (needs a restart; not applied)" : text;
    }

    private string Show(string? value) => value switch
    {
        null => "(absent)",
        _ when IsSecret => value.Length > 0 ? Secret.Mask : "(not set)",
        _ => value,
    };
}

/// <summary>
/// What changed between two settings, key by key. Keys under warehouse, persistence, cluster and instantly
/// (the HTTP client and journal are built once), plus campaign ids and the set of campaigns, need a restart;
/// <see cref="LiveApplicable"/> is the new settings with those parts kept as they were.
/// </summary>
public sealed record SettingsDiff(IReadOnlyList<SettingChange> Changes)
{
    private static readonly string[] RestartPrefixes =
    [
        "coldemail.warehouse.", "coldemail.persistence.", "coldemail.cluster.", "coldemail.instantly.",
        ShutdownSettings.Key, HttpSettings.Key + ".", "coldemail.lease.",
    ];

    public bool IsEmpty => Changes.Count == 0;

    public IEnumerable<SettingChange> Live => Changes.Where(c => !c.RequiresRestart);

    public IEnumerable<SettingChange> RestartOnly => Changes.Where(c => c.RequiresRestart);

    public static SettingsDiff Between(ColdEmailSettings before, ColdEmailSettings after)
    {
        var old = SettingsFlattener.Flatten(before).ToDictionary(l => l.Key);
        var now = SettingsFlattener.Flatten(after).ToDictionary(l => l.Key);

        var changes = new List<SettingChange>();
        foreach (var key in old.Keys.Union(now.Keys).OrderBy(k => k, StringComparer.Ordinal))
        {
            old.TryGetValue(key, out var o);
            now.TryGetValue(key, out var n);
            if (o?.Value == n?.Value)
            {
                continue;
            }
            var restart = RestartPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal))
                || (key.StartsWith("coldemail.campaigns.", StringComparison.Ordinal)
                    && (key.EndsWith(".id", StringComparison.Ordinal) || o is null || n is null));
            changes.Add(new SettingChange(key, o?.Value, n?.Value, (o ?? n)!.IsSecret, restart));
        }
        return new SettingsDiff(changes);
    }

    /// <summary>
    /// The settings a running daemon can switch to: <paramref name="after"/> with the restart-only parts of
    /// <paramref name="before"/> (connections, journal, cluster, campaign ids and the set of campaigns).
    /// </summary>
    public static ColdEmailSettings LiveApplicable(ColdEmailSettings before, ColdEmailSettings after)
    {
        var campaigns = before.Campaigns.All
            .Select(old => after.Campaigns.Find(old.Name) is { } updated ? updated with { Name = old.Name, Id = old.Id } : old)
            .ToList();
        var routing = before.Campaigns.All.Any(c => c.Name == after.Campaigns.UnknownRevenueCampaign)
            ? after.Campaigns.UnknownRevenueCampaign
            : before.Campaigns.UnknownRevenueCampaign;
        return after with
        {
            Instantly = before.Instantly,
            Warehouse = before.Warehouse,
            Persistence = before.Persistence,
            Cluster = before.Cluster,
            ShutdownTimeout = before.ShutdownTimeout,
            DuckDbResources = before.DuckDbResources,
            Lease = before.Lease,
            Http = before.Http,
            Campaigns = new CampaignsSettings(campaigns, routing),
        };
    }

    public override string ToString() => string.Join(Environment.NewLine, Changes);
}
