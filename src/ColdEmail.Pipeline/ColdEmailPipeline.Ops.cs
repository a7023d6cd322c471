using Akka.Actor;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>
/// The facade's verbs for the features around the pipeline (orphans for <c>plan</c>/<c>run</c>, performance for <c>report</c>).
/// Each is a data message to the supervisor, which runs it with its services: nothing live crosses the actor boundary.
/// </summary>
public sealed partial class ColdEmailPipeline
{
    /// <summary>The orphan full scan; <paramref name="dryRun"/> lists what it would do (for <c>plan</c>) and changes nothing.</summary>
    public Task<OrphanRecoveryReport> RecoverOrphansAsync(bool dryRun, CancellationToken ct = default) =>
        _supervisor.Ask<OrphanRecoveryReport>(new RecoverOrphans(dryRun), _runTimeout, ct);

    /// <summary>Captures campaign analytics now (the daemon also does it on its interval).</summary>
    public Task<PerformanceSnapshot> CapturePerformanceAsync(CancellationToken ct = default) =>
        _supervisor.Ask<PerformanceSnapshot>(CapturePerformance.Instance, _runTimeout, ct);

    /// <summary>Per campaign, the latest snapshot in [from, to] with reply and bounce rates (percent of contacted).</summary>
    public async Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        (await _supervisor.Ask<CampaignPerformanceReport>(new GetCampaignPerformanceReport(from, to), _askTimeout, ct).ConfigureAwait(false)).Rows;

    /// <summary>The inventory multiplier campaigns plan with now, and why.</summary>
    public Task<MultiplierAnswer> InventoryMultiplierAsync(CancellationToken ct = default) =>
        _supervisor.Ask<MultiplierAnswer>(GetInventoryMultiplier.Instance, _askTimeout, ct);
}
