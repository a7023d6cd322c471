using Microsoft.AspNetCore.Routing;

namespace ColdEmail.Cli.Http;

/// <summary>
/// A group of routes the daemon's HTTP face serves (health, metrics, status page, webhook receiver).
/// Each feature registers its own implementation in DI, so the server knows none of them by name.
/// </summary>
public interface IDaemonEndpoints
{
    void Map(IEndpointRouteBuilder routes);
}
