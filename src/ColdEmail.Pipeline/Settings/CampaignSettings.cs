using ColdEmail.Domain.Routing;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// coldemail.campaigns.&lt;name&gt;: one Instantly campaign, the revenue range [MinRevenue, MaxRevenue) it takes
/// (null = unbounded) and, optionally, the only countries / states it takes (empty = any). <see cref="Name"/> is the
/// section name.
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
    public IReadOnlyList<string> Countries { get; init; } = [];
    public IReadOnlyList<string> States { get; init; } = [];

    public CampaignRoute Route(bool takesUnknownRevenue) =>
        new(Name, MinRevenue, MaxRevenue, takesUnknownRevenue, Countries, States);

    // Lists compare by content, so an unchanged campaign is not reported (or re-applied) as a change.
    public bool Equals(CampaignSettings? other) =>
        other is not null && Name == other.Name && Id == other.Id && MinRevenue == other.MinRevenue && MaxRevenue == other.MaxRevenue
        && DailyLimit == other.DailyLimit && SequenceLength == other.SequenceLength && Enabled == other.Enabled
        && Countries.SequenceEqual(other.Countries) && States.SequenceEqual(other.States);

    public override int GetHashCode() => HashCode.Combine(Name, Id, MinRevenue, MaxRevenue, DailyLimit, SequenceLength, Enabled);
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

    /// <summary>
    /// The one routing rule of the enabled campaigns: what the views, every sync read, `plan` and `explain` render
    /// into <c>sequence_target</c>.
    /// </summary>
    public CampaignRouting Routing => new(Enabled.Select(c =>
        c.Route(string.Equals(c.Name, UnknownRevenueCampaign, StringComparison.OrdinalIgnoreCase))));

    public bool Equals(CampaignsSettings? other) =>
        other is not null && UnknownRevenueCampaign == other.UnknownRevenueCampaign && All.SequenceEqual(other.All);

    public override int GetHashCode() => HashCode.Combine(UnknownRevenueCampaign, All.Count);
}
