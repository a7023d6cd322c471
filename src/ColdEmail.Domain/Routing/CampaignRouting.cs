namespace ColdEmail.Domain.Routing;

/// <summary>
/// The one routing rule, for any number of campaigns: a lead goes to the campaign whose revenue range (or unknown
/// revenue) and region hold it. Production routes in SQL (the warehouse adapters render these routes into
/// <c>sequence_target</c>); <see cref="Route"/> is the executable specification a property test holds that SQL to.
/// Two routes must not overlap (<see cref="Conflicts"/>), so a lead has at most one campaign; a lead no route holds
/// (a gap in the ranges, a region no campaign serves) has none and is not enrolled.
/// </summary>
public sealed record CampaignRouting
{
    public CampaignRouting(IEnumerable<CampaignRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        Routes = routes.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
    }

    public IReadOnlyList<CampaignRoute> Routes { get; }

    /// <summary>The seed's two campaigns: smb below 1,000,000 (and unknown revenue), midsize from it.</summary>
    public static CampaignRouting Default { get; } = new([
        new CampaignRoute("smb", null, 1_000_000m, takesUnknownRevenue: true),
        new CampaignRoute("midsize", 1_000_000m, null),
    ]);

    /// <summary>The campaign name for a lead, or null. A negative revenue is unknown, as in the views.</summary>
    public string? Route(decimal? revenue, string? country, string? state)
    {
        var known = revenue is { } r && r >= 0 ? revenue : null;
        return Routes.FirstOrDefault(route => route.Matches(known, country, state))?.Name;
    }

    public CampaignRoute? Find(string name) =>
        Routes.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every pair of routes some lead would match both of: revenue (or unknown revenue) and region intersect.</summary>
    public IReadOnlyList<(CampaignRoute First, CampaignRoute Second)> Conflicts()
    {
        var conflicts = new List<(CampaignRoute, CampaignRoute)>();
        for (var i = 0; i < Routes.Count; i++)
            for (var j = i + 1; j < Routes.Count; j++)
                if (Overlap(Routes[i], Routes[j])) conflicts.Add((Routes[i], Routes[j]));
        return conflicts;
    }

    public static bool Overlap(CampaignRoute a, CampaignRoute b)
    {
        var revenue = (a.TakesUnknownRevenue && b.TakesUnknownRevenue)
            || ((a.MinRevenue ?? decimal.MinValue) < (b.MaxRevenue ?? decimal.MaxValue)
                && (b.MinRevenue ?? decimal.MinValue) < (a.MaxRevenue ?? decimal.MaxValue));
        return revenue && Intersect(a.Countries, b.Countries) && Intersect(a.States, b.States);
    }

    // An empty list is "any", which meets every list.
    private static bool Intersect(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Count == 0 || b.Count == 0 || a.Intersect(b, StringComparer.Ordinal).Any();

    public bool Equals(CampaignRouting? other) => other is not null && Routes.SequenceEqual(other.Routes);

    public override int GetHashCode() => Routes.Count;
}
