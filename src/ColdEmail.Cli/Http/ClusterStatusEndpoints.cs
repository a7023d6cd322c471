using Akka.Actor;
using ColdEmail.Pipeline.Cluster.Status;
using ColdEmail.Pipeline.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Cli.Http;

/// <summary>
/// GET /cluster: the cluster as this node sees it (<see cref="ClusterStatusView"/>, JSON), what `coldemail cluster status` shows.
/// A node with cluster mode off answers 404 with a JSON error naming coldemail.cluster.enabled.
/// </summary>
public sealed class ClusterStatusEndpoints(ActorSystem system, bool clusterEnabled, IReadOnlyList<string> campaigns) : IDaemonEndpoints
{
    public const string Route = "/cluster";

    /// <summary>Every member answers within this or is shown as not answering.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(5);

    public ClusterStatusEndpoints(ActorSystem system, ColdEmailSettings settings)
        : this(system, settings.Cluster.Enabled, settings.Campaigns.Enabled.Select(c => c.Name).ToList())
    {
    }

    public void Map(IEndpointRouteBuilder routes) => routes.MapGet(Route, async () =>
    {
        if (!clusterEnabled)
            return Results.Json(new { error = "cluster mode is off on this node (coldemail.cluster.enabled = off)" }, statusCode: StatusCodes.Status404NotFound);
        var view = await new ClusterStatusReader(system, campaigns).ReadAsync(NodeTimeout);
        return Results.Json(view, ClusterStatusJson.Options);
    });
}
