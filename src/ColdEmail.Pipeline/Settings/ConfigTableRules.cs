namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Which settings the warehouse <c>config</c> table may change. The table is writable by anyone with
/// write access to one warehouse table, a much wider circle than those who can edit the daemon's file or
/// environment: if it could set <c>instantly.base-url</c>, whoever writes one row would receive the Bearer key
/// at the next restart. So it only carries what the seed puts there (flags, limits, campaigns) and the other
/// live-tunable knobs; connections, the journal, the cluster, notification targets and every secret come from
/// the file or the environment only.
/// </summary>
public static class ConfigTableRules
{
    /// <summary>Setting groups the table may change (all applied live).</summary>
    private static readonly string[] AllowedPrefixes =
    [
        "coldemail.feature-flags.", "coldemail.limits.", "coldemail.campaigns.", "coldemail.routing.",
        "coldemail.rate-limit.", "coldemail.circuit-breaker.", "coldemail.schedules.", "coldemail.live-tuning.",
    ];

    /// <summary>The notification settings that are neither a target URL nor a secret.</summary>
    private static readonly string[] AllowedKeys =
    [
        "coldemail.notifications.max-attempts", "coldemail.notifications.timeout", "coldemail.notifications.run-summaries",
    ];

    /// <summary>Name parts that mark a secret or a destination, refused wherever they appear.</summary>
    private static readonly string[] SecretLike = ["key", "secret", "token", "password", "url", "connection-string", "credentials"];

    /// <summary>Why the table may not set <paramref name="hoconKey"/>, or null when it may.</summary>
    public static string? WhyRefused(string hoconKey)
    {
        var last = hoconKey[(hoconKey.LastIndexOf('.') + 1)..];
        if (SecretLike.Any(s => last.Contains(s, StringComparison.OrdinalIgnoreCase)))
        {
            return "secrets and URLs come from the config file or the environment only";
        }
        if (AllowedKeys.Contains(hoconKey, StringComparer.Ordinal) || AllowedPrefixes.Any(p => hoconKey.StartsWith(p, StringComparison.Ordinal)))
        {
            return null;
        }
        return "only the seed's rows (feature_flags, processing_limits, campaign_config) and live-tunable settings "
            + "(limits, feature-flags, campaigns, routing, rate-limit, circuit-breaker, schedules, live-tuning, "
            + "notifications.max-attempts/timeout/run-summaries) may come from the config table; "
            + "connections (instantly, warehouse, persistence, cluster), notification URLs and secrets come from the config file or the environment";
    }
}
