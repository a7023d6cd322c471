using Akka.Actor;
using ColdEmail.Pipeline.Catalog;

namespace ColdEmail.Pipeline;

/// <summary>The facade's view of the campaign catalog (for status: where it runs, the campaigns it keeps, whether it runs the schedule).</summary>
public sealed partial class ColdEmailPipeline
{
    public Task<CatalogStatus> GetCatalogStatusAsync(CancellationToken ct = default) =>
        _supervisor.Ask<CatalogStatus>(GetCatalogStatus.Instance, _askTimeout, ct);
}
