using System.Text.Json;
using System.Text.Json.Serialization;
using ColdEmail.Domain.Routing;

namespace ColdEmail.Pipeline.Protocol;

/// <summary>
/// <see cref="CampaignRouting"/> (pure domain, settings messages carry it) is built from its routes; its constructor takes
/// an IEnumerable, so STJ cannot bind it by itself. Written as the list of routes.
/// </summary>
public sealed class CampaignRoutingJsonConverter : JsonConverter<CampaignRouting>
{
    /// <summary>The wire shape of one route (its constructor takes IEnumerables, its properties are lists).</summary>
    private sealed record Route(string Name, decimal? MinRevenue, decimal? MaxRevenue, bool TakesUnknownRevenue, List<string>? Countries, List<string>? States);

    public override CampaignRouting Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new((JsonSerializer.Deserialize<List<Route>>(ref reader, options) ?? [])
            .Select(r => new CampaignRoute(r.Name, r.MinRevenue, r.MaxRevenue, r.TakesUnknownRevenue, r.Countries, r.States)));

    public override void Write(Utf8JsonWriter writer, CampaignRouting value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.Routes.Select(r => new Route(r.Name, r.MinRevenue, r.MaxRevenue, r.TakesUnknownRevenue,
            r.Countries.ToList(), r.States.ToList())).ToList(), options);
}
