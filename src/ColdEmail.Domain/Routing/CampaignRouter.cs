using System.Globalization;

namespace ColdEmail.Domain.Routing;

/// <summary>
/// Sends a lead to the campaign whose revenue range holds its revenue. The ranges must tile the whole
/// number line without overlap or gap, which makes routing total (every known revenue has exactly one
/// home) and deterministic. Unknown revenue goes to <c>unknownRevenueCampaign</c> (default SMB): the
/// seed's Python computed <c>revenue &lt; 1M</c>, which sent NULL to Midsize by accident; a small shop
/// that publishes no revenue is far likelier SMB, so we make it an explicit, configurable choice.
/// </summary>
public sealed class CampaignRouter
{
    public const decimal DefaultThreshold = 1_000_000m;

    private readonly CampaignDefinition[] _ordered;
    private readonly CampaignDefinition _unknownHome;

    public IReadOnlyList<CampaignDefinition> Campaigns => _ordered;
    public CampaignDefinition UnknownRevenueCampaign => _unknownHome;

    public CampaignRouter(IReadOnlyList<CampaignDefinition> campaigns, string unknownRevenueCampaign = "SMB")
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        if (campaigns.Count == 0)
            throw new ArgumentException("at least one campaign is required for routing", nameof(campaigns));
        foreach (var c in campaigns)
        {
            if (string.IsNullOrWhiteSpace(c.Name))
                throw new ArgumentException("a campaign has no name", nameof(campaigns));
            if (c.DailyLimit < 0)
                throw new ArgumentException($"campaign '{c.Name}' has a negative daily limit ({c.DailyLimit})", nameof(campaigns));
            if (c.SequenceLength < 1)
                throw new ArgumentException($"campaign '{c.Name}' has a sequence length of {c.SequenceLength} (at least 1)", nameof(campaigns));
            if (c.MinRevenue is { } lo && c.MaxRevenue is { } hi && lo >= hi)
                throw new ArgumentException(
                    $"campaign '{c.Name}' has an empty revenue range {c.RangeText}", nameof(campaigns));
        }
        var duplicate = campaigns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"campaign name '{duplicate.Key}' appears more than once", nameof(campaigns));

        _ordered = campaigns.OrderBy(c => c.MinRevenue ?? decimal.MinValue).ThenBy(c => c.Name, StringComparer.Ordinal).ToArray();
        ValidateTiling(_ordered);

        _unknownHome = _ordered.FirstOrDefault(c => string.Equals(c.Name, unknownRevenueCampaign, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"the campaign for unknown revenue, '{unknownRevenueCampaign}', is not among the campaigns " +
                $"({string.Join(", ", _ordered.Select(c => c.Name))})", nameof(unknownRevenueCampaign));
    }

    /// <summary>SMB [-inf, 1,000,000) and Midsize [1,000,000, +inf), unknown revenue to SMB.</summary>
    public static CampaignRouter Default(string? smbId = null, string? midsizeId = null) =>
        new(DefaultCampaigns(smbId, midsizeId));

    public static IReadOnlyList<CampaignDefinition> DefaultCampaigns(string? smbId = null, string? midsizeId = null) =>
    [
        new("SMB", smbId, null, DefaultThreshold, DailyLimit: 50, SequenceLength: 5),
        new("Midsize", midsizeId, DefaultThreshold, null, DailyLimit: 30, SequenceLength: 7),
    ];

    public RoutingDecision Route(decimal? revenue)
    {
        if (revenue is null)
            return new(_unknownHome, $"revenue unknown: sent to {_unknownHome.Name} as configured for unknown revenue");
        if (revenue < 0)
            return new(_unknownHome,
                $"revenue {Format(revenue.Value)} is negative, treated as unknown: sent to {_unknownHome.Name}");
        foreach (var c in _ordered)
            if (c.Contains(revenue.Value))
                return new(c, $"revenue {Format(revenue.Value)} is in {c.Name}'s range {c.RangeText}");
        // The tiling check at construction makes this unreachable; say so plainly if it ever is not.
        return new(null, $"no campaign covers revenue {Format(revenue.Value)}");
    }

    public CampaignDefinition? FindByName(string name) =>
        _ordered.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    private static void ValidateTiling(CampaignDefinition[] ordered)
    {
        if (ordered[0].MinRevenue is { } firstLo)
            throw new ArgumentException(
                $"no campaign covers revenue below {Format(firstLo)}: '{ordered[0].Name}' starts there; the lowest campaign needs MinRevenue = null");
        if (ordered[^1].MaxRevenue is { } lastHi)
            throw new ArgumentException(
                $"no campaign covers revenue from {Format(lastHi)} up: '{ordered[^1].Name}' ends there; the highest campaign needs MaxRevenue = null");
        for (var i = 0; i + 1 < ordered.Length; i++)
        {
            var a = ordered[i];
            var b = ordered[i + 1];
            if (a.MaxRevenue is null || b.MinRevenue is null || a.MaxRevenue > b.MinRevenue)
                throw new ArgumentException(
                    $"campaigns '{a.Name}' {a.RangeText} and '{b.Name}' {b.RangeText} overlap");
            if (a.MaxRevenue < b.MinRevenue)
                throw new ArgumentException(
                    $"campaigns '{a.Name}' {a.RangeText} and '{b.Name}' {b.RangeText} leave a gap: no campaign covers [{Format(a.MaxRevenue.Value)}, {Format(b.MinRevenue.Value)})");
        }
    }

    private static string Format(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
