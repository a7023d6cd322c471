using ColdEmail.Cli.Http.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Cli.Http;

/// <summary>GET /: the live status page (see <see cref="StatusPageRenderer"/>).</summary>
public sealed class StatusPageEndpoints(StatusPageLoader loader) : IDaemonEndpoints
{
    public void Map(IEndpointRouteBuilder routes) =>
        routes.MapGet("/", async (CancellationToken ct) =>
            Results.Content(StatusPageRenderer.Render(await loader.LoadAsync(ct)), "text/html; charset=utf-8"));
}
