using ColdEmail.Domain.Routing;
using ColdEmail.Domain.Verification;

namespace ColdEmail.Pipeline.Sync;

/// <summary>One campaign the pipeline keeps stocked.</summary>
public sealed record CampaignOptions
{
    public required string Name { get; init; }
    /// <summary>Instantly's campaign id; null looks the campaign up by name.</summary>
    public string? InstantlyCampaignId { get; init; }
    /// <summary>
    /// The routing of every configured campaign (coldemail.campaigns): this campaign reads the leads it routes to
    /// <see cref="Name"/> (matched ignoring case), and every lead's sequence_target is rendered from it.
    /// </summary>
    public CampaignRouting Routing { get; init; } = CampaignRouting.Default;
    /// <summary>New leads a day the campaign can take, when Instantly does not say (daily_max_leads / daily_limit).</summary>
    public int DailyCapacity { get; init; } = 50;
    /// <summary>Prefer Instantly's own daily_max_leads / daily_limit for the need when the campaign has one.</summary>
    public bool UseInstantlyDailyLimit { get; init; } = true;
    public double InventoryMultiplier { get; init; } = 3.5;
    /// <summary>Check the warehouse's active count against Instantly's campaign analytics and plan with the larger.</summary>
    public bool ReconcileActiveWithInstantly { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("campaign name is empty", nameof(Name));
        if (DailyCapacity < 0) throw new ArgumentOutOfRangeException(nameof(DailyCapacity), DailyCapacity, $"campaign {Name}: must not be negative");
        if (!double.IsFinite(InventoryMultiplier) || InventoryMultiplier < 0)
            throw new ArgumentOutOfRangeException(nameof(InventoryMultiplier), InventoryMultiplier, $"campaign {Name}: must be a finite number ≥ 0");
        if (Routing.Find(Name) is null)
            throw new ArgumentException($"campaign {Name} is not among the routed campaigns ({string.Join(", ", Routing.Routes.Select(r => r.Name))})", nameof(Routing));
    }
}

/// <summary>How a sync run reads, batches and retries.</summary>
public sealed record SyncOptions
{
    /// <summary>Leads per bulk add (Instantly accepts 1–1000).</summary>
    public int BatchSize { get; init; } = 1000;
    /// <summary>Cap on leads added per campaign per run.</summary>
    public int MaxLeadsPerRun { get; init; } = 1000;
    public int WarehousePageSize { get; init; } = 1000;
    /// <summary>Warehouse rows read per second; 0 = unthrottled (backpressure still applies).</summary>
    public int ReadRatePerSecond { get; init; }
    /// <summary>Batches of one campaign in flight at once.</summary>
    public int BatchParallelism { get; init; } = 2;
    /// <summary>Settled batches written to the warehouse together at most (when they finish close together).</summary>
    public int WriteCoalescing { get; init; } = 8;
    /// <summary>Attempts of a failing batch within one run before its leads become dead letters.</summary>
    public int InRunAttempts { get; init; } = 3;
    public TimeSpan InRunRetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Reading rounds per run when skipped leads leave the deficit unfilled.</summary>
    public int MaxRounds { get; init; } = 5;
    public bool VerificationEnabled { get; init; } = true;
    public VerificationPolicy Verification { get; init; } = VerificationPolicy.Default;
    /// <summary>Contacts per reconciliation list request (the API's page limit is 100).</summary>
    public int ReconcileChunk { get; init; } = 100;
    public int SnapshotEvery { get; init; } = 100;
    public TimeSpan LedgerTimeout { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>The custom variables each lead carries (coldemail.custom-variables).</summary>
    public CustomVariableMap CustomVariables { get; init; } = CustomVariableMap.Default;

    public void Validate()
    {
        if (BatchSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be 1..1000 (Instantly's bulk add limit)");
        if (MaxLeadsPerRun < 0) throw new ArgumentOutOfRangeException(nameof(MaxLeadsPerRun), MaxLeadsPerRun, "must not be negative");
        if (WarehousePageSize < 1) throw new ArgumentOutOfRangeException(nameof(WarehousePageSize), WarehousePageSize, "must be at least 1");
        if (ReadRatePerSecond < 0) throw new ArgumentOutOfRangeException(nameof(ReadRatePerSecond), ReadRatePerSecond, "must be 0 (unthrottled) or more");
        if (BatchParallelism < 1) throw new ArgumentOutOfRangeException(nameof(BatchParallelism), BatchParallelism, "must be at least 1");
        if (WriteCoalescing < 1) throw new ArgumentOutOfRangeException(nameof(WriteCoalescing), WriteCoalescing, "must be at least 1");
        if (InRunAttempts < 1) throw new ArgumentOutOfRangeException(nameof(InRunAttempts), InRunAttempts, "must be at least 1");
        if (InRunRetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InRunRetryDelay), InRunRetryDelay, "must not be negative");
        if (MaxRounds < 1) throw new ArgumentOutOfRangeException(nameof(MaxRounds), MaxRounds, "must be at least 1");
        if (ReconcileChunk is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(ReconcileChunk), ReconcileChunk, "must be 1..100 (the list page limit)");
        if (SnapshotEvery < 1) throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "must be at least 1");
    }
}
