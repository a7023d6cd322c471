namespace ColdEmail.Domain.Routing;

/// <summary>
/// A campaign and the revenue range it serves: <see cref="MinRevenue"/> inclusive, <see cref="MaxRevenue"/>
/// exclusive; a null bound is open. <see cref="Id"/> is Instantly's campaign id, null until one is known.
/// </summary>
public sealed record CampaignDefinition(
    string Name,
    string? Id,
    decimal? MinRevenue,
    decimal? MaxRevenue,
    int DailyLimit,
    int SequenceLength)
{
    public bool Contains(decimal revenue) =>
        (MinRevenue is null || revenue >= MinRevenue) && (MaxRevenue is null || revenue < MaxRevenue);

    public string RangeText =>
        $"[{MinRevenue?.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "-inf"}, " +
        $"{MaxRevenue?.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture) ?? "+inf"})";
}
