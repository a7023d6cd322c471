using System.Globalization;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// The effective settings as (HOCON key, value) lines, in file order: what `config check` prints
/// (with <see cref="SettingLine.Display"/> masking secrets) and what <see cref="SettingsDiff"/> compares.
/// </summary>
public static class SettingsFlattener
{
    public static IReadOnlyList<SettingLine> Flatten(ColdEmailSettings s)
    {
        var lines = new List<SettingLine>();
        void Add(string key, object? value) => lines.Add(new SettingLine("coldemail." + key, Format(value), false));
        void AddSecret(string key, Secret value) => lines.Add(new SettingLine("coldemail." + key, value.Reveal(), true));

        Add("instantly.base-url", s.Instantly.BaseUrl.ToString());
        AddSecret("instantly.api-key", s.Instantly.ApiKey);
        Add("instantly.timeout", s.Instantly.Timeout);

        Add("warehouse.kind", s.Warehouse.Kind.ToString().ToLowerInvariant());
        Add("warehouse.duckdb.path", s.Warehouse.DuckDb.Path);
        Add("warehouse.duckdb.eligible-leads-file", s.Warehouse.DuckDb.EligibleLeadsFile);
        Add("warehouse.duckdb.memory-limit", s.DuckDbResources.MemoryLimit);
        Add("warehouse.duckdb.reading-memory-limit", s.DuckDbResources.ReadingMemoryLimit);
        Add("warehouse.duckdb.threads", s.DuckDbResources.Threads);
        Add("warehouse.duckdb.lock-wait", s.DuckDbResources.LockWait);
        Add("warehouse.duckdb.release-after", s.DuckDbResources.ReleaseAfter);
        Add("lease.ttl", s.Lease.Ttl);
        Add("warehouse.bigquery.project", s.Warehouse.BigQuery.Project);
        Add("warehouse.bigquery.dataset", s.Warehouse.BigQuery.Dataset);
        Add("warehouse.bigquery.location", s.Warehouse.BigQuery.Location);
        Add("warehouse.bigquery.credentials-file", s.Warehouse.BigQuery.CredentialsFile);
        AddSecret("warehouse.postgres.connection-string", s.Warehouse.Postgres.ConnectionString);

        foreach (var c in s.Campaigns.All)
        {
            var p = "campaigns." + c.Name + ".";
            Add(p + "id", c.Id);
            Add(p + "min-revenue", c.MinRevenue);
            Add(p + "max-revenue", c.MaxRevenue);
            Add(p + "daily-limit", c.DailyLimit);
            Add(p + "sequence-length", c.SequenceLength);
            Add(p + "enabled", c.Enabled);
            Add(p + "countries", "[" + string.Join(", ", c.Countries) + "]");
            Add(p + "states", "[" + string.Join(", ", c.States) + "]");
        }
        Add("routing.unknown-revenue-campaign", s.Campaigns.UnknownRevenueCampaign);

        var l = s.Limits;
        Add("limits.max-leads-per-run", l.MaxLeadsPerRun);
        Add("limits.max-api-pages", l.MaxApiPages);
        Add("limits.inventory-multiplier", l.InventoryMultiplier);
        Add("limits.auto-scale-multiplier", l.AutoScaleMultiplier);
        Add("limits.drain-batch-size", l.DrainBatchSize);
        Add("limits.drain-parallelism", l.DrainParallelism);
        Add("limits.stale-lead-days", l.StaleLeadDays);
        Add("limits.bounce-grace-days", l.BounceGraceDays);
        Add("limits.cooldown-days", l.CooldownDays);
        Add("limits.bulk-batch-size", l.BulkBatchSize);
        Add("limits.drain-check-interval", l.DrainCheckInterval);

        var r = s.RateLimit;
        Add("rate-limit.requests-per-second", r.RequestsPerSecond);
        Add("rate-limit.requests-per-minute", r.RequestsPerMinute);
        Add("rate-limit.min-delay", r.MinDelay);
        Add("rate-limit.max-delay", r.MaxDelay);
        Add("rate-limit.slow-down-factor", r.SlowDownFactor);
        Add("rate-limit.speed-up-after", r.SpeedUpAfter);

        Add("circuit-breaker.window", s.CircuitBreaker.Window);
        Add("circuit-breaker.failure-threshold", s.CircuitBreaker.FailureThreshold);
        Add("circuit-breaker.cool-down", s.CircuitBreaker.CoolDown);

        Add("schedules.sync-interval", s.Schedules.SyncInterval);
        Add("schedules.drain-interval", s.Schedules.DrainInterval);
        Add("schedules.run-on-start", s.Schedules.RunOnStart);

        var f = s.FeatureFlags;
        Add("feature-flags.email-verification-enabled", f.EmailVerificationEnabled);
        Add("feature-flags.auto-reply-detection", f.AutoReplyDetection);
        Add("feature-flags.orphan-recovery-enabled", f.OrphanRecoveryEnabled);
        Add("feature-flags.adaptive-rate-limiting", f.AdaptiveRateLimiting);
        Add("feature-flags.bigquery-first-drain", f.BigQueryFirstDrain);

        var n = s.Notifications;
        AddSecret("notifications.slack-webhook-url", n.SlackWebhookUrl);
        AddSecret("notifications.webhook-url", n.WebhookUrl);
        Add("notifications.max-attempts", n.MaxAttempts);
        Add("notifications.timeout", n.Timeout);
        Add("notifications.run-summaries", n.RunSummaries);

        string List(IEnumerable<string> xs) => "[" + string.Join(", ", xs.Order(StringComparer.Ordinal)) + "]";
        Add("suppression.reasons", List(s.Suppression.Reasons));
        Add("suppression.block-list.reasons", List(s.Suppression.BlockListReasons));
        Add("suppression.domain-on-reply", s.Suppression.DomainOnReply);
        Add("drain.reply-label-grace", s.Drain.ReplyLabelGrace);
        Add("drain.auto-reply-hold", s.Drain.AutoReplyHold);

        Add("persistence.kind", s.Persistence.Kind.ToString().ToLowerInvariant());
        Add("persistence.sqlite.path", s.Persistence.SqlitePath);
        AddSecret("persistence.postgres.connection-string", s.Persistence.PostgresConnectionString);
        Add("persistence.postgres.auto-initialize", s.Persistence.Kind == PersistenceKind.Postgres && s.Persistence.AutoInitialize);

        Add("cluster.enabled", s.Cluster.Enabled);
        Add("cluster.hostname", s.Cluster.Hostname);
        Add("cluster.port", s.Cluster.Port);
        Add("cluster.seed-nodes", "[" + string.Join(", ", s.Cluster.SeedNodes.Select(x => "\"" + x + "\"")) + "]");
        Add("cluster.expected-nodes", s.Cluster.ExpectedNodes);
        Add("cluster.minimum-members", s.Cluster.MinimumMembers);
        Add("cluster.split-brain.strategy", s.Cluster.SplitBrain == SplitBrainStrategy.KeepOldest ? "keep-oldest" : "keep-majority");
        Add("cluster.split-brain.stable-after", s.Cluster.StableAfter);
        Add("cluster.shards", s.Cluster.Shards);
        Add("cluster.budget.lease", s.Cluster.PermitLease);
        Add("cluster.budget.batch", s.Cluster.PermitBatch);
        Add("cluster.budget.fallback-after", s.Cluster.FallbackAfter);

        Add("live-tuning.watch-file", s.LiveTuning.WatchFile);
        Add("live-tuning.debounce", s.LiveTuning.Debounce);
        Add("live-tuning.file-check-interval", s.LiveTuning.FileCheckInterval);
        Add("live-tuning.config-table-poll-interval", s.LiveTuning.ConfigTablePollInterval);

        Add("orphans.scope", s.Orphans.WorkspaceScope ? "workspace" : "campaigns");
        Add("orphans.delete", s.Orphans.Delete);
        Add("orphans.release", s.Orphans.Release);
        foreach (var (name, column) in s.CustomVariables.Variables)
        {
            Add("custom-variables." + name, column);
        }
        Add("custom-variable-max-length", s.CustomVariables.MaxValueLength);
        Add("shutdown-timeout", s.ShutdownTimeout);
        Add("http.enabled", s.Http.Enabled);
        Add("http.urls", string.Join(";", s.Http.Urls.Select(u => u.GetLeftPart(UriPartial.Authority))));
        return lines;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        bool b => b ? "on" : "off",
        TimeSpan t => DurationParser.Format(t),
        double d => d.ToString("0.0###", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
