namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.campaigns.&lt;name&gt;: one Instantly campaign and the revenue range [MinRevenue, MaxRevenue) it takes
/// (null = unbounded). <see cref="Name"/> is the section name.
/// </summary>
public sealed record CampaignSettings(
    string Name,
    string Id,
    decimal? MinRevenue,
    decimal? MaxRevenue,
    int DailyLimit,
    int SequenceLength,
    bool Enabled = true)
{
    public bool Accepts(decimal revenue) =>
        (MinRevenue is null || revenue >= MinRevenue) && (MaxRevenue is null || revenue < MaxRevenue);
}

/// <summary>
/// Every configured campaign, sorted by name, and the one that takes leads with unknown revenue
/// (coldemail.routing.unknown-revenue-campaign).
/// </summary>
public sealed record CampaignsSettings(IReadOnlyList<CampaignSettings> All, string UnknownRevenueCampaign)
{
    public IEnumerable<CampaignSettings> Enabled => All.Where(c => c.Enabled);

    public CampaignSettings? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The campaign a lead with this revenue goes to (null revenue → the unknown-revenue campaign).</summary>
    public CampaignSettings? Route(decimal? revenue) =>
        revenue is null ? Find(UnknownRevenueCampaign) : Enabled.FirstOrDefault(c => c.Accepts(revenue.Value));

    public bool Equals(CampaignsSettings? other) =>
        other is not null && UnknownRevenueCampaign == other.UnknownRevenueCampaign && All.SequenceEqual(other.All);

    public override int GetHashCode() => HashCode.Combine(UnknownRevenueCampaign, All.Count);
}
