using ColdEmail.Domain.Orphans;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>Where the full scan looks: only the configured campaigns, or every lead of the workspace.</summary>
public enum OrphanScanScope { ConfiguredCampaigns, Workspace }

/// <summary><see cref="Enabled"/> is the seed's <c>orphan_recovery_enabled</c> flag.</summary>
public sealed record OrphanOptions
{
    public bool Enabled { get; init; } = true;
    public OrphanScanScope Scope { get; init; } = OrphanScanScope.Workspace;
    public OrphanPolicy Policy { get; init; } = OrphanPolicy.Default;
    /// <summary>Leads per list page (the API allows 1..100).</summary>
    public int PageSize { get; init; } = 100;
    /// <summary>Most pages one scan reads per listing (the seed's max_api_pages); the scan says when it stopped early.</summary>
    public int MaxPages { get; init; } = 10_000;
    /// <summary>
    /// Leads in a campaign that still exists in the workspace but is not configured here: delete them
    /// (on) or send them to review (off, the default: they may belong to another team's campaign).
    /// Leads of a campaign that no longer exists are always deleted.
    /// </summary>
    public bool DeleteInUnconfiguredCampaigns { get; init; }
    /// <summary>Lead ids per bulk delete request.</summary>
    public int DeleteChunk { get; init; } = 100;

    public void Validate()
    {
        if (PageSize is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "orphan scan page size must be 1..100 (Instantly's list limit)");
        if (MaxPages < 1) throw new ArgumentOutOfRangeException(nameof(MaxPages), MaxPages, "orphan scan max pages must be at least 1");
        if (DeleteChunk is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(DeleteChunk), DeleteChunk, "orphan delete chunk must be 1..1000");
        if (Policy.StuckDays < 1) throw new ArgumentOutOfRangeException(nameof(Policy), Policy.StuckDays, "orphan stuck days must be at least 1");
    }
}
