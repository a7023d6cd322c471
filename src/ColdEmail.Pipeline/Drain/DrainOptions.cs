using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Suppressions;

namespace ColdEmail.Pipeline.Drain;

/// <summary>How a drain run selects, checks and removes leads.</summary>
public sealed record DrainOptions
{
    /// <summary>Leads per batch handed to a worker (the seed's drain_batch_size).</summary>
    public int BatchSize { get; init; } = 300;
    /// <summary>A lead is checked again only after this long (<c>last_drain_check</c>).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromHours(24);
    /// <summary>Drain workers checking batches in parallel.</summary>
    public int Workers { get; init; } = 4;
    /// <summary>Cap on leads checked per run; 0 = no cap.</summary>
    public int MaxLeadsPerRun { get; init; }
    /// <summary>Ids per bulk delete request.</summary>
    public int DeleteChunk { get; init; } = 500;
    public DrainPolicy Policy { get; init; } = DrainPolicy.Default;
    /// <summary>coldemail.limits.cooldown-days: a drained, unsuppressed person may be enrolled again this long after the drain.</summary>
    public int CooldownDays { get; init; } = 90;
    /// <summary>Block-list push and domain suppression after a suppression is recorded.</summary>
    public SuppressionOptions Suppression { get; init; } = new();
    public int SnapshotEvery { get; init; } = 100;
    public TimeSpan LedgerTimeout { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>
    /// The seed's bigquery_first_drain: on, candidates are the warehouse rows due for a check; off, every
    /// lead listed in <see cref="CampaignIds"/> that the warehouse tracks as active is checked, due or not.
    /// </summary>
    public bool WarehouseFirst { get; init; } = true;
    /// <summary>Instantly campaigns paged when <see cref="WarehouseFirst"/> is off.</summary>
    public IReadOnlyList<string> CampaignIds { get; init; } = [];
    /// <summary>Cap on list pages per campaign when <see cref="WarehouseFirst"/> is off; 0 = no cap.</summary>
    public int MaxApiPages { get; init; }

    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (MinInterval < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinInterval), MinInterval, "must not be negative");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "must be at least 1");
        if (MaxLeadsPerRun < 0) throw new ArgumentOutOfRangeException(nameof(MaxLeadsPerRun), MaxLeadsPerRun, "must be 0 (no cap) or more");
        if (DeleteChunk < 1) throw new ArgumentOutOfRangeException(nameof(DeleteChunk), DeleteChunk, "must be at least 1");
        if (MaxApiPages < 0) throw new ArgumentOutOfRangeException(nameof(MaxApiPages), MaxApiPages, "must be 0 (no cap) or more");
        if (SnapshotEvery < 1) throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "must be at least 1");
        if (Policy.StaleDays < 1) throw new ArgumentOutOfRangeException("Policy.StaleDays", Policy.StaleDays, "must be at least 1");
        if (CooldownDays < 0) throw new ArgumentOutOfRangeException(nameof(CooldownDays), CooldownDays, "must not be negative");
        if (Policy.ReplyLabelGrace < TimeSpan.Zero) throw new ArgumentOutOfRangeException("Policy.ReplyLabelGrace", Policy.ReplyLabelGrace, "must not be negative");
        if (Policy.AutoReplyHold < TimeSpan.Zero) throw new ArgumentOutOfRangeException("Policy.AutoReplyHold", Policy.AutoReplyHold, "must not be negative");
        if (Policy.BounceGraceDays < 0) throw new ArgumentOutOfRangeException("Policy.BounceGraceDays", Policy.BounceGraceDays, "must not be negative");
    }
}
