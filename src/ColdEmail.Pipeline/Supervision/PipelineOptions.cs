using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Supervision;

/// <summary>Everything the actors are tuned with; the CLI maps its typed settings onto this record.</summary>
public sealed record PipelineOptions
{
    public IReadOnlyList<CampaignOptions> Campaigns { get; init; } =
    [
        new() { Name = "SMB", DailyCapacity = 50 },
        new() { Name = "Midsize", DailyCapacity = 30 },
    ];
    public SyncOptions Sync { get; init; } = new();
    public DrainOptions Drain { get; init; } = new();
    public RateLimiterOptions RateLimiter { get; init; } = new();
    public CircuitBreakerOptions CircuitBreaker { get; init; } = new();
    public GatewayOptions Gateway { get; init; } = new();
    public RestartOptions Restart { get; init; } = new();
    /// <summary>Verification, orphan recovery, performance snapshots, auto-scaled multiplier.</summary>
    public OpsOptions Ops { get; init; } = new();
    /// <summary>
    /// Cluster mode: campaigns are sharded entities over this many shards (see Cluster/Campaigns/CampaignSharding);
    /// null on one node, where they are the supervisor's children.
    /// </summary>
    public int? CampaignShards { get; init; }
    /// <summary>The daemon's schedule (coldemail.schedules); it runs only where the host registered an IScheduledRuns.</summary>
    public Schedule.ScheduleOptions Schedule { get; init; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), RunOnStart: true);
    /// <summary>coldemail.shutdown-timeout: how long runs in progress get to settle when the schedule stops or hands over.</summary>
    public TimeSpan ShutdownSettle { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long the facade waits for one campaign's sync or one drain pass.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromHours(1);

    public void Validate()
    {
        if (Campaigns.Count == 0) throw new ArgumentException("at least one campaign is required", nameof(Campaigns));
        foreach (var c in Campaigns) c.Validate();
        var duplicate = Campaigns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"campaign '{duplicate.Key}' is configured twice", nameof(Campaigns));
        Sync.Validate();
        Drain.Validate();
        RateLimiter.Validate();
        CircuitBreaker.Validate();
        Gateway.Validate();
        Restart.Validate();
        Ops.Validate();
        Schedule.Validate();
        if (CampaignShards is < 1) throw new ArgumentException("must be at least 1", nameof(CampaignShards));
    }
}

/// <summary>Backoff for restarting a stopped or failed child.</summary>
public sealed record RestartOptions
{
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    public double RandomFactor { get; init; } = 0.2;

    public void Validate()
    {
        if (MinBackoff <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinBackoff), MinBackoff, "must be positive");
        if (MaxBackoff < MinBackoff) throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "must not be below MinBackoff");
        if (RandomFactor is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(RandomFactor), RandomFactor, "must be in 0..1");
    }
}
