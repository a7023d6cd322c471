using System.Globalization;
using System.Text.RegularExpressions;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Warehouse.Schema;

/// <summary>
/// Renders the one routing rule (<see cref="CampaignRouting"/>, from coldemail.campaigns) as SQL, the same text for
/// every dialect but its decimal literals: a CASE naming each lead's campaign (<c>sequence_target</c>) and, per
/// campaign, the predicate its sync read filters on. The views carry it between the markers of
/// <see cref="Begin"/>/<see cref="End"/> (rendered when the adapter creates them; the files hold the default
/// configuration's rendering, so run by hand they route as a default install does), and every read renders the
/// routing it is given, so `plan`, `explain` and a sync with the same configuration route alike.
/// </summary>
public static partial class RoutingSql
{
    public const string Begin = "/*routing*/";
    public const string End = "/*end routing*/";

    /// <summary>The columns a rendering reads: revenue (negative already NULL), and the normalised region codes.</summary>
    public sealed record Columns(string Revenue, string Country, string State)
    {
        /// <summary>Inside v_lead_eligibility's final SELECT.</summary>
        public static readonly Columns InView = new("r.revenue", "r.country", "r.state_code");
        /// <summary>On v_lead_eligibility's output.</summary>
        public static readonly Columns OnView = new("estimated_sales_yearly", "region_country", "region_state");
    }

    public static string Case(CampaignRouting routing, string dialect, Columns columns)
    {
        ArgumentNullException.ThrowIfNull(routing);
        // No campaign: a typed NULL that needs no dialect-specific type name.
        if (routing.Routes.Count == 0) return "CASE WHEN 1 = 0 THEN '' END";
        return "CASE " + string.Join(" ", routing.Routes.Select(r => $"WHEN {Predicate(r, dialect, columns)} THEN {Name(r.Name)}")) + " END";
    }

    public static string Predicate(CampaignRoute route, string dialect, Columns columns)
    {
        ArgumentNullException.ThrowIfNull(route);
        var bounds = new List<string>();
        if (route.MinRevenue is { } lo) bounds.Add($"{columns.Revenue} >= {Number(lo, dialect)}");
        if (route.MaxRevenue is { } hi) bounds.Add($"{columns.Revenue} < {Number(hi, dialect)}");
        var known = bounds.Count == 0 ? $"{columns.Revenue} IS NOT NULL" : string.Join(" AND ", bounds);
        var parts = new List<string> { route.TakesUnknownRevenue ? $"({known} OR {columns.Revenue} IS NULL)" : $"({known})" };
        if (route.Countries.Count > 0) parts.Add($"{columns.Country} IN ({Codes(route.Countries)})");
        if (route.States.Count > 0) parts.Add($"{columns.State} IN ({Codes(route.States)})");
        return string.Join(" AND ", parts);
    }

    /// <summary>The sync read's filter on v_lead_eligibility: the campaign's own predicate, or every lead when no campaign is named.</summary>
    public static string ReadFilter(ReadyLeadQuery query, string dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.CampaignName is null) return "TRUE";
        var route = query.Routing.Find(query.CampaignName)
            ?? throw new ArgumentException($"campaign '{query.CampaignName}' is not among the routed campaigns ({string.Join(", ", query.Routing.Routes.Select(r => r.Name))})", nameof(query));
        return "(" + Predicate(route, dialect, Columns.OnView) + ")";
    }

    /// <summary>The view text with its routing block replaced by <paramref name="routing"/>'s rendering.</summary>
    public static string Apply(string viewSql, CampaignRouting routing, string dialect)
    {
        var start = viewSql.IndexOf(Begin, StringComparison.Ordinal);
        var end = viewSql.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start) return viewSql;
        return string.Concat(viewSql.AsSpan(0, start + Begin.Length), Case(routing, dialect, Columns.InView), viewSql.AsSpan(end));
    }

    /// <summary>Whether a campaign name can stand in SQL as a plain literal (the settings refuse any other name).</summary>
    public static bool IsSafeName(string name) => SafeName().IsMatch(name);

    private static string Name(string name) => IsSafeName(name)
        ? $"'{name}'"
        : throw new ArgumentException($"campaign name '{name}' may only hold letters, digits, '_', '-' and '.'", nameof(name));

    private static string Codes(IEnumerable<string> codes) => string.Join(", ", codes.Select(c => RegionCode.IsValidConfigured(c)
        ? $"'{c}'"
        : throw new ArgumentException($"region code '{c}' is not 2–3 letters or digits", nameof(codes))));

    // Whole numbers are exact integer literals everywhere; a fraction needs an exact decimal type (BigQuery would read
    // 999999.99 as FLOAT64 and compare the NUMERIC revenue as a float).
    private static string Number(decimal value, string dialect)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (value == decimal.Truncate(value)) return decimal.Truncate(value).ToString(CultureInfo.InvariantCulture);
        return dialect switch
        {
            SqlScripts.BigQuery => $"BIGNUMERIC '{text}'",
            SqlScripts.Postgres => $"CAST('{text}' AS NUMERIC)",
            _ => $"CAST('{text}' AS DECIMAL(38,10))",
        };
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
