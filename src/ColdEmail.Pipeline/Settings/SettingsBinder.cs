using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Pipeline.Settings;

/// <summary>Turns merged HOCON into typed settings; every range rule lives here, next to its key.</summary>
internal static class SettingsBinder
{
    private const string Root = "coldemail.";

    public static ColdEmailSettings Bind(HoconReader r, Func<string, string?> env)
    {
        var flags = new FeatureFlags(
            r.Bool(Root + "feature-flags.email-verification-enabled"),
            r.Bool(Root + "feature-flags.auto-reply-detection"),
            r.Bool(Root + "feature-flags.orphan-recovery-enabled"),
            r.Bool(Root + "feature-flags.adaptive-rate-limiting"),
            r.Bool(Root + "feature-flags.bigquery-first-drain"));

        return new ColdEmailSettings(
            Instantly(r, env),
            Warehouse(r, env),
            Campaigns(r),
            Limits(r),
            RateLimit(r, flags.AdaptiveRateLimiting),
            new CircuitBreakerSettings(
                r.Int(Root + "circuit-breaker.window", 1, 1000),
                r.Double(Root + "circuit-breaker.failure-threshold", 0, 1),
                r.Duration(Root + "circuit-breaker.cool-down", TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1))),
            new ScheduleSettings(
                r.Duration(Root + "schedules.sync-interval", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
                r.Duration(Root + "schedules.drain-interval", TimeSpan.FromSeconds(1), TimeSpan.FromDays(7)),
                r.Bool(Root + "schedules.run-on-start")),
            flags,
            Notifications(r, env),
            PersistenceSettingsBinding.Bind(r, env),
            ClusterSettingsBinding.Bind(r),
            new LiveTuningSettings(
                r.Bool(Root + "live-tuning.watch-file"),
                r.Duration(Root + "live-tuning.debounce", TimeSpan.Zero, TimeSpan.FromMinutes(1)),
                r.Duration(Root + "live-tuning.file-check-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1)),
                r.Duration(Root + "live-tuning.config-table-poll-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromDays(1))))
        {
            Suppression = SuppressionSettings.Bind(r),
            Drain = DrainRuleSettings.Bind(r),
            Orphans = OrphanSettings.Bind(r),
            DuckDbResources = DuckDbResourceSettings.Bind(r),
            Lease = LeaseSettings.Bind(r),
            Webhooks = WebhookSettings.Bind(r, env),
        };
    }

    private static InstantlySettings Instantly(HoconReader r, Func<string, string?> env)
    {
        var url = r.Url(Root + "instantly.base-url", required: true) ?? new Uri("https://api.instantly.ai");
        InstantlyUrlRule.Check(url, Root + "instantly.base-url", r);
        var key = r.String(Root + "instantly.api-key");
        return new InstantlySettings(
            url,
            new Secret(key.Length > 0 ? key : env("INSTANTLY_API_KEY")),
            r.Duration(Root + "instantly.timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)));
    }

    private static WarehouseSettings Warehouse(HoconReader r, Func<string, string?> env)
    {
        const string key = Root + "warehouse.kind";
        var kindText = r.String(key);
        WarehouseKind kind = kindText.ToLowerInvariant() switch
        {
            "duckdb" => WarehouseKind.DuckDb,
            "bigquery" => WarehouseKind.BigQuery,
            "postgres" or "postgresql" => WarehouseKind.Postgres,
            _ => Invalid(r, key, $"expected duckdb, bigquery or postgres, got '{kindText}'"),
        };

        var duckPath = r.String(Root + "warehouse.duckdb.path");
        var eligible = r.OptionalString(Root + "warehouse.duckdb.eligible-leads-file");
        if (kind == WarehouseKind.DuckDb)
        {
            if (duckPath.Length == 0)
            {
                r.Fail(Root + "warehouse.duckdb.path", "must not be empty when warehouse.kind = duckdb");
            }
            if (eligible is not null)
            {
                var ext = Path.GetExtension(eligible).ToLowerInvariant();
                if (ext is not (".csv" or ".parquet"))
                {
                    r.Fail(Root + "warehouse.duckdb.eligible-leads-file", $"expected a .csv or .parquet file, got '{eligible}'");
                }
                else if (!File.Exists(eligible))
                {
                    r.Fail(Root + "warehouse.duckdb.eligible-leads-file", $"file not found: {eligible}");
                }
            }
        }

        var project = r.String(Root + "warehouse.bigquery.project");
        var credentials = r.OptionalString(Root + "warehouse.bigquery.credentials-file") ?? NullIfEmpty(env("GOOGLE_APPLICATION_CREDENTIALS"));
        if (kind == WarehouseKind.BigQuery)
        {
            if (project.Length == 0)
            {
                r.Fail(Root + "warehouse.bigquery.project", "must be set when warehouse.kind = bigquery");
            }
            if (credentials is not null && !File.Exists(credentials))
            {
                r.Fail(Root + "warehouse.bigquery.credentials-file", $"file not found: {credentials}");
            }
        }
        var dataset = r.String(Root + "warehouse.bigquery.dataset", allowEmpty: kind != WarehouseKind.BigQuery);

        var pg = r.String(Root + "warehouse.postgres.connection-string");
        var pgSecret = new Secret(pg.Length > 0 ? pg : env("COLDEMAIL_POSTGRES"));
        if (kind == WarehouseKind.Postgres && !pgSecret.IsSet)
        {
            r.Fail(Root + "warehouse.postgres.connection-string", "must be set (or COLDEMAIL_POSTGRES) when warehouse.kind = postgres");
        }

        return new WarehouseSettings(
            kind,
            new DuckDbSettings(duckPath, eligible),
            new BigQuerySettings(project, dataset, r.String(Root + "warehouse.bigquery.location"), credentials),
            new PostgresSettings(pgSecret));
    }

    private static CampaignsSettings Campaigns(HoconReader r)
    {
        const string section = Root + "campaigns";
        var campaigns = new List<CampaignSettings>();
        var names = CampaignNames(r);
        foreach (var name in names)
        {
            var p = section + "." + name + ".";
            var campaign = new CampaignSettings(
                name,
                r.String(p + "id", allowEmpty: false),
                r.OptionalDecimal(p + "min-revenue"),
                r.OptionalDecimal(p + "max-revenue"),
                r.Int(p + "daily-limit", 1, 100_000),
                r.Int(p + "sequence-length", 1, 100),
                !r.Has(p + "enabled") || r.Bool(p + "enabled"))
            {
                Countries = RegionCodes(r, p + "countries"),
                States = RegionCodes(r, p + "states"),
            };
            // The name is rendered into the warehouse's SQL as sequence_target (RoutingSql), so it stays plain.
            if (!RoutingSql.IsSafeName(name))
            {
                r.Fail(section + "." + name, "a campaign name may only hold letters, digits, '_', '-' and '.' (it becomes sequence_target in SQL)");
            }
            // Instantly's campaign ids are uuids; anything else is answered 400 on every bulk add (issue 11).
            if (campaign.Id.Length > 0 && !Guid.TryParseExact(campaign.Id, "D", out _))
            {
                r.Fail(p + "id", $"'{campaign.Id}' is not an Instantly campaign id (a uuid such as 8c46e0c9-c1f9-4201-a8d6-6221bafeada6)");
            }
            if (campaign.MinRevenue is { } lo && campaign.MaxRevenue is { } hi && lo >= hi)
            {
                r.Fail(p + "max-revenue", $"{hi} must be greater than min-revenue {lo}");
            }
            campaigns.Add(campaign);
        }

        var enabled = campaigns.Where(c => c.Enabled).ToList();
        if (enabled.Count == 0)
        {
            r.Fail(section, "at least one campaign must be enabled");
        }
        foreach (var dup in enabled.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            r.Fail($"{section}.{dup.Last().Name}.id", $"campaign id {dup.Key} is also used by {dup.First().Name}");
        }

        const string unknownKey = Root + "routing.unknown-revenue-campaign";
        var unknown = r.String(unknownKey, allowEmpty: false);
        if (unknown.Length > 0 && !enabled.Any(c => string.Equals(c.Name, unknown, StringComparison.OrdinalIgnoreCase)))
        {
            r.Fail(unknownKey, $"'{unknown}' is not an enabled campaign under {section}");
        }
        var settings = new CampaignsSettings(campaigns, unknown);
        // Every lead must have at most one campaign: two enabled campaigns may share revenue or region, never both.
        foreach (var (a, b) in settings.Routing.Conflicts())
        {
            string Keys(CampaignRoute c) => $"{section}.{c.Name}.{{min-revenue, max-revenue, countries, states}}";
            r.Fail($"{section}.{b.Name}",
                $"campaigns {a.Name} ({a.RangeText}{(a.TakesUnknownRevenue ? " and unknown revenue" : "")}, {a.RegionText}) and " +
                $"{b.Name} ({b.RangeText}{(b.TakesUnknownRevenue ? " and unknown revenue" : "")}, {b.RegionText}) overlap: " +
                $"a lead could match both; change {Keys(a)} or {Keys(b)} so their revenue ranges or regions are disjoint");
        }
        return settings;
    }

    private static IReadOnlyList<string> CampaignNames(HoconReader r)
    {
        var names = r.SectionNames(Root + "campaigns");
        return names.OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    /// <summary>countries / states: optional lists of 2–3 letter or digit codes, upper-cased.</summary>
    private static IReadOnlyList<string> RegionCodes(HoconReader r, string key)
    {
        if (!r.Has(key))
        {
            return [];
        }
        var codes = new List<string>();
        foreach (var raw in r.StringList(key))
        {
            var code = RegionCode.Normalise(raw) ?? "";
            if (!RegionCode.IsValidConfigured(code))
            {
                r.Fail(key, $"'{raw}' is not a region code (2–3 letters or digits, e.g. US, GB, CA)");
                continue;
            }
            codes.Add(code);
        }
        return codes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static LimitSettings Limits(HoconReader r)
    {
        const string p = Root + "limits.";
        return new LimitSettings(
            r.Int(p + "max-leads-per-run", 1, 1_000_000),
            r.Int(p + "max-api-pages", 1, 100_000),
            r.Double(p + "inventory-multiplier", 0, 100),
            r.Int(p + "drain-batch-size", 1, 1000),
            r.Int(p + "drain-parallelism", 1, 64),
            r.Int(p + "stale-lead-days", 1, 3650),
            r.Int(p + "bounce-grace-days", 0, 365),
            r.Int(p + "cooldown-days", 0, 3650),
            r.Int(p + "bulk-batch-size", 1, 1000),
            r.Duration(p + "drain-check-interval", TimeSpan.Zero, TimeSpan.FromDays(365)))
        {
            AutoScaleMultiplier = r.Has(p + "auto-scale-multiplier") && r.Bool(p + "auto-scale-multiplier"),
        };
    }

    private static RateLimitSettings RateLimit(HoconReader r, bool adaptive)
    {
        const string p = Root + "rate-limit.";
        var min = r.Duration(p + "min-delay", TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var max = r.Duration(p + "max-delay", TimeSpan.Zero, TimeSpan.FromMinutes(30));
        if (max < min)
        {
            r.Fail(p + "max-delay", $"{DurationParser.Format(max)} must not be below min-delay {DurationParser.Format(min)}");
        }
        return new RateLimitSettings(
            r.Int(p + "requests-per-second", 1, 10_000),
            r.Int(p + "requests-per-minute", 1, 600_000),
            min,
            max,
            r.Double(p + "slow-down-factor", 1, 10),
            r.Int(p + "speed-up-after", 1, 10_000),
            adaptive);
    }

    private static NotificationSettings Notifications(HoconReader r, Func<string, string?> env)
    {
        const string p = Root + "notifications.";
        var slack = r.Url(p + "slack-webhook-url", required: false)?.ToString();
        if (slack is null && r.String(p + "slack-webhook-url").Length == 0 && NullIfEmpty(env("SLACK_WEBHOOK_URL")) is { } fromEnv)
        {
            if (Uri.TryCreate(fromEnv, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal))
            {
                slack = fromEnv;
            }
            else
            {
                r.Fail("SLACK_WEBHOOK_URL", "expected an absolute http(s) URL");
            }
        }
        var webhook = r.Url(p + "webhook-url", required: false)?.ToString();
        return new NotificationSettings(
            new Secret(slack),
            new Secret(webhook),
            r.Int(p + "max-attempts", 1, 10),
            r.Duration(p + "timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5)),
            r.Bool(p + "run-summaries"));
    }

    private static WarehouseKind Invalid(HoconReader r, string key, string message)
    {
        r.Fail(key, message);
        return WarehouseKind.DuckDb;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
