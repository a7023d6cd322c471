using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Campaigns;

/// <summary>
/// Turns configured campaigns into Instantly ids: a configured id is taken as is, a name is looked up
/// in the workspace's campaign list (case-insensitive). A name Instantly does not know is reported,
/// not guessed.
/// </summary>
public static class CampaignDirectory
{
    public sealed record Resolution(IReadOnlyList<ResolvedCampaign> Resolved, IReadOnlyList<string> Unknown, IReadOnlyList<Campaign> Workspace);

    public static async Task<Resolution> ResolveAsync(IInstantlyApi api, IReadOnlyList<ConfiguredCampaign> configured, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(configured);
        var workspace = new List<Campaign>();
        string? cursor = null;
        while (true)
        {
            var page = await api.ListCampaignsAsync(100, cursor, ct).ConfigureAwait(false);
            if (!page.IsSuccess) throw new InstantlyException(page.Error);
            workspace.AddRange(page.Value.Items);
            if (page.Value.Items.Count == 0 || page.Value.NextStartingAfter is null) break;
            cursor = page.Value.NextStartingAfter;
        }

        var resolved = new List<ResolvedCampaign>();
        var unknown = new List<string>();
        foreach (var c in configured)
        {
            var id = c.InstantlyCampaignId
                ?? workspace.FirstOrDefault(w => string.Equals(w.Name, c.Name, StringComparison.OrdinalIgnoreCase))?.Id;
            if (id is null) unknown.Add(c.Name);
            else resolved.Add(new ResolvedCampaign(c.Name, id));
        }
        return new Resolution(resolved, unknown, workspace);
    }
}
