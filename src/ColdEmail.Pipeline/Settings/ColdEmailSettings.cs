namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Every setting of ColdEmail, typed and validated. Built once from HOCON by <see cref="SettingsLoader"/>
/// (embedded defaults, then the user's file, then the warehouse config table); immutable afterwards —
/// live tuning builds a new instance and applies the difference.
/// </summary>
public sealed record ColdEmailSettings(
    InstantlySettings Instantly,
    WarehouseSettings Warehouse,
    CampaignsSettings Campaigns,
    LimitSettings Limits,
    RateLimitSettings RateLimit,
    CircuitBreakerSettings CircuitBreaker,
    ScheduleSettings Schedules,
    FeatureFlags FeatureFlags,
    NotificationSettings Notifications,
    PersistenceSettings Persistence,
    ClusterSettings Cluster,
    LiveTuningSettings LiveTuning)
{
    /// <summary>coldemail.suppression (see <see cref="SuppressionSettings"/>).</summary>
    public SuppressionSettings Suppression { get; init; } = SuppressionSettings.Default;
    /// <summary>coldemail.drain (see <see cref="DrainRuleSettings"/>).</summary>
    public DrainRuleSettings Drain { get; init; } = DrainRuleSettings.Default;
    /// <summary>coldemail.orphans (see <see cref="OrphanSettings"/>).</summary>
    public OrphanSettings Orphans { get; init; } = OrphanSettings.Default;
    /// <summary>coldemail.webhooks and env COLDEMAIL_WEBHOOK_TOKEN (see <see cref="WebhookSettings"/>).</summary>
    public WebhookSettings Webhooks { get; init; } = WebhookSettings.Default;
    /// <summary>coldemail.custom-variables: the payload's custom variables (bound by <see cref="CustomVariableSettings"/>).</summary>
    public Sync.CustomVariableMap CustomVariables { get; init; } = Sync.CustomVariableMap.Default;

    /// <summary>coldemail.warehouse.duckdb memory, threads and file sharing (see <see cref="DuckDbResourceSettings"/>).</summary>
    public DuckDbResourceSettings DuckDbResources { get; init; } = DuckDbResourceSettings.Default;
    /// <summary>coldemail.lease (see <see cref="LeaseSettings"/>).</summary>
    public LeaseSettings Lease { get; init; } = LeaseSettings.Default;

    /// <summary>coldemail.shutdown-timeout: time in-flight runs get to settle on SIGTERM (bound by <see cref="ShutdownSettings"/>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>coldemail.http: the daemon's HTTP endpoint (bound by <see cref="HttpSettings"/>).</summary>
    public HttpSettings Http { get; init; } = HttpSettings.Default;

    /// <summary>The built-in defaults (hocon/coldemail.conf) with nothing layered over them.</summary>
    public static ColdEmailSettings Defaults => LazyDefaults.Value;

    private static readonly Lazy<ColdEmailSettings> LazyDefaults = new(() => SettingsLoader.Load(new SettingsSources()).Settings);
}
