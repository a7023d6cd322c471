using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Orphans;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>Where the full scan looks: only the configured campaigns (the default), or every lead of the workspace.</summary>
public enum OrphanScanScope { ConfiguredCampaigns, Workspace }

/// <summary>
/// <see cref="Enabled"/> is the seed's <c>orphan_recovery_enabled</c> flag; the rest is <c>coldemail.orphans.*</c>.
/// The defaults only adopt and report: everything that removes a lead from Instantly is opt-in, because the
/// workspace is shared with other teams and a removal cannot be undone.
/// </summary>
public sealed record OrphanOptions
{
    public bool Enabled { get; init; } = true;
    public OrphanScanScope Scope { get; init; } = OrphanScanScope.ConfiguredCampaigns;
    public OrphanPolicy Policy { get; init; } = OrphanPolicy.Default;
    /// <summary>How a lead recovery would remove is classified first (the drain's rules, so an outcome is never lost).</summary>
    public DrainPolicy DrainPolicy { get; init; } = DrainPolicy.Default;
    /// <summary>Leads per list page (the API allows 1..100).</summary>
    public int PageSize { get; init; } = 100;
    /// <summary>Most pages one scan reads per listing (the seed's max_api_pages); the scan says when it stopped early.</summary>
    public int MaxPages { get; init; } = 10_000;
    /// <summary>
    /// Delete our own leads whose campaign no longer exists (or that lost their campaign) once the drain's
    /// classifier says their sequence is over; the outcome is recorded before the delete. Off: reported only.
    /// </summary>
    public bool AllowDelete { get; init; }
    /// <summary>Delete a campaign-less copy of a lead we enrolled and return the person to routing. Off: reported only.</summary>
    public bool AllowRelease { get; init; }
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
