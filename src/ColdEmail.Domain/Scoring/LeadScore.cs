using System.Globalization;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Domain.Scoring;

/// <summary>
/// The seed's lead score, 0..100: revenue 40/30/20/10, Klaviyo 15, catalogue over 1000 products 10,
/// average price over 100 5, geography 20/10/5, business hours in the lead's zone 10. Every threshold is
/// strict (&gt;), so a revenue of exactly 1,000,000 scores the lower tier. The views compute the score in SQL
/// (<c>base_score</c> plus the business-hours bonus); this is their executable specification, held to them by a
/// property test on DuckDB and PostgreSQL.
/// </summary>
public sealed record LeadScore(int Total, IReadOnlyList<ScorePart> Parts)
{
    public const int Max = 100;

    private static readonly HashSet<string> HighValueStates = new(StringComparer.Ordinal) { "CA", "NY", "TX", "FL" };
    private static readonly HashSet<string> SecondaryCountries = new(StringComparer.Ordinal) { "GB", "CA", "AU" };

    public static LeadScore Calculate(Prospect prospect, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prospect);
        ScorePart[] parts =
        [
            Revenue(prospect.EstimatedSalesYearly),
            prospect.KlaviyoInstalledAt is { } k
                ? new("klaviyo", 15, $"Klaviyo installed since {k:yyyy-MM-dd}")
                : new("klaviyo", 0, "Klaviyo not installed"),
            prospect.ProductCount > 1000
                ? new("catalogue", 10, $"{prospect.ProductCount} products (> 1000)")
                : new("catalogue", 0, prospect.ProductCount is null ? "product count unknown" : $"{prospect.ProductCount} products (not > 1000)"),
            prospect.AvgPrice > 100m
                ? new("price", 5, $"average price {Money(prospect.AvgPrice!.Value)} (> 100)")
                : new("price", 0, prospect.AvgPrice is null ? "average price unknown" : $"average price {Money(prospect.AvgPrice.Value)} (not > 100)"),
            Geography(prospect.State, prospect.CountryCode),
            Timing(prospect.Timezone, now),
        ];
        return new LeadScore(parts.Sum(p => p.Points), parts);
    }

    public override string ToString() =>
        $"{Total} = " + string.Join(" + ", Parts.Where(p => p.Points > 0).Select(p => $"{p.Points} {p.Factor}"));

    private static ScorePart Revenue(decimal? revenue) => revenue switch
    {
        > 5_000_000m => new("revenue", 40, $"revenue {Money(revenue.Value)} > 5,000,000"),
        > 1_000_000m => new("revenue", 30, $"revenue {Money(revenue.Value)} > 1,000,000"),
        > 500_000m => new("revenue", 20, $"revenue {Money(revenue.Value)} > 500,000"),
        null => new("revenue", 10, "revenue unknown: lowest tier"),
        _ => new("revenue", 10, $"revenue {Money(revenue.Value)} ≤ 500,000"),
    };

    private static ScorePart Geography(string? state, string? country)
    {
        // Codes are compared as the views compare them (RegionCode: ASCII white space trimmed, upper-cased).
        var s = RegionCode.Normalise(state) ?? "";
        var c = RegionCode.Normalise(country) ?? "";
        if (HighValueStates.Contains(s)) return new("geography", 20, $"state {s} is a high-value state");
        if (c == "US") return new("geography", 10, "country US");
        if (SecondaryCountries.Contains(c)) return new("geography", 5, $"country {c}");
        return new("geography", 0, c.Length == 0 ? "country unknown" : $"country {c} earns no geography points");
    }

    private static ScorePart Timing(string? zone, DateTimeOffset now)
    {
        var local = BusinessHours.LocalTime(zone, now);
        if (local is null)
            return new("timing", 0, string.IsNullOrEmpty(zone) ? "time zone unknown" : $"time zone '{zone}' is not a known IANA zone");
        var when = local.Value.ToString("ddd HH:mm", CultureInfo.InvariantCulture);
        return BusinessHours.IsInside(local.Value)
            ? new("timing", 10, $"{when} in {zone} is within business hours")
            : new("timing", 0, $"{when} in {zone} is outside business hours (Mon–Fri 09:00–17:00)");
    }

    private static string Money(decimal value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);
}
