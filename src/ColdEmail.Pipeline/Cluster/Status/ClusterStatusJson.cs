using System.Text.Json;
using System.Text.Json.Serialization;

namespace ColdEmail.Pipeline.Cluster.Status;

/// <summary>The JSON of GET /cluster and `cluster status --json`: snake_case names, enums by name; both ends use it.</summary>
public static class ClusterStatusJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
