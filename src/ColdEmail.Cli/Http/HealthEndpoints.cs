using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Cli.Http;

/// <summary>
/// GET /healthz (liveness: 200 while the actor system runs) and GET /readyz (200 when every <see cref="ReadinessProbe"/>
/// check holds, else 503 with a JSON body naming what is not ready).
/// </summary>
public sealed class HealthEndpoints(ActorSystem system, ReadinessProbe probe) : IDaemonEndpoints
{
    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => system.WhenTerminated.IsCompleted
            ? Results.Text("actor system stopped\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ok\n"));
        routes.MapGet("/readyz", async (CancellationToken ct) =>
        {
            var checks = await probe.CheckAsync(ct);
            var ready = checks.All(c => c.Ready);
            var body = new
            {
                status = ready ? "ready" : "not_ready",
                not_ready = checks.Where(c => !c.Ready).Select(c => c.Name).ToList(),
                checks = checks.ToDictionary(c => c.Name, c => new { ready = c.Ready, detail = c.Detail }),
            };
            return Results.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
