using System.Globalization;

namespace ColdEmail.Domain.Routing;

/// <summary>
/// What one campaign takes: a revenue range [<see cref="MinRevenue"/>, <see cref="MaxRevenue"/>) (a null bound is open),
/// leads of unknown revenue when <see cref="TakesUnknownRevenue"/>, and optionally only some regions: a lead matches
/// when its country is in <see cref="Countries"/> (empty = any country) and its state in <see cref="States"/>
/// (empty = any state). Codes are stored normalised (<see cref="RegionCode"/>), so equality is by value.
/// </summary>
public sealed record CampaignRoute
{
    public CampaignRoute(string name, decimal? minRevenue, decimal? maxRevenue, bool takesUnknownRevenue = false,
        IEnumerable<string>? countries = null, IEnumerable<string>? states = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        MinRevenue = minRevenue;
        MaxRevenue = maxRevenue;
        TakesUnknownRevenue = takesUnknownRevenue;
        Countries = Codes(countries);
        States = Codes(states);
    }

    public string Name { get; }
    public decimal? MinRevenue { get; }
    public decimal? MaxRevenue { get; }
    public bool TakesUnknownRevenue { get; }
    public IReadOnlyList<string> Countries { get; }
    public IReadOnlyList<string> States { get; }

    public bool IsRegional => Countries.Count > 0 || States.Count > 0;

    /// <summary>Revenue already normalised (negative = unknown = null); region codes raw or normalised.</summary>
    public bool Matches(decimal? revenue, string? country, string? state) =>
        (revenue is { } r ? InRange(r) : TakesUnknownRevenue)
        && (Countries.Count == 0 || (RegionCode.Normalise(country) is { } c && Countries.Contains(c, StringComparer.Ordinal)))
        && (States.Count == 0 || (RegionCode.Normalise(state) is { } s && States.Contains(s, StringComparer.Ordinal)));

    public bool InRange(decimal revenue) =>
        (MinRevenue is null || revenue >= MinRevenue) && (MaxRevenue is null || revenue < MaxRevenue);

    public string RangeText => $"[{Money(MinRevenue) ?? "-inf"}, {Money(MaxRevenue) ?? "+inf"})";

    public string RegionText =>
        !IsRegional ? "any region"
        : string.Join(" and ", new[]
        {
            Countries.Count > 0 ? "countries " + string.Join(", ", Countries) : null,
            States.Count > 0 ? "states " + string.Join(", ", States) : null,
        }.Where(x => x is not null));

    public bool Equals(CampaignRoute? other) =>
        other is not null && Name == other.Name && MinRevenue == other.MinRevenue && MaxRevenue == other.MaxRevenue
        && TakesUnknownRevenue == other.TakesUnknownRevenue
        && Countries.SequenceEqual(other.Countries) && States.SequenceEqual(other.States);

    public override int GetHashCode() => HashCode.Combine(Name, MinRevenue, MaxRevenue, TakesUnknownRevenue, Countries.Count, States.Count);

    private static string[] Codes(IEnumerable<string>? codes) =>
        (codes ?? []).Select(c => RegionCode.Normalise(c) ?? "").Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private static string? Money(decimal? value) => value?.ToString("#,0.##", CultureInfo.InvariantCulture);
}
