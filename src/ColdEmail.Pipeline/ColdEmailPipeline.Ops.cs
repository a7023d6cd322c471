using Akka.Actor;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Ops;
using ColdEmail.Pipeline.Orphans;
using ColdEmail.Pipeline.Performance;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline;

/// <summary>The facade's verbs for the features around the pipeline (orphans for <c>plan</c>/<c>run</c>, performance for <c>report</c>).</summary>
public sealed partial class ColdEmailPipeline
{
    public Task<OpsServices> GetOpsAsync(CancellationToken ct = default) =>
        _supervisor.Ask<OpsServices>(GetOpsServices.Instance, _askTimeout, ct);

    /// <summary>The orphan full scan; <paramref name="dryRun"/> lists what it would do (for <c>plan</c>) and changes nothing.</summary>
    public async Task<OrphanRecoveryReport> RecoverOrphansAsync(bool dryRun, CancellationToken ct = default)
    {
        var ops = await GetOpsAsync(ct).ConfigureAwait(false);
        if (ops.Orphans is null)
            return OrphanRecoveryReport.Skipped("orphan recovery needs a warehouse with the ops port (DuckDB or BigQuery)");
        return await ops.Orphans.RunAsync(ops.Campaigns, dryRun, ct).ConfigureAwait(false);
    }

    /// <summary>Captures campaign analytics now (the daemon also does it on its interval).</summary>
    public async Task<PerformanceSnapshot> CapturePerformanceAsync(CancellationToken ct = default)
    {
        var ops = await GetOpsAsync(ct).ConfigureAwait(false);
        if (ops.PerformanceActor is null)
            return new PerformanceSnapshot(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime), 0, ["performance tracking needs a warehouse with the ops port (DuckDB or BigQuery)"]);
        return await ops.PerformanceActor.Ask<PerformanceSnapshot>(CapturePerformance.Instance, _runTimeout, ct).ConfigureAwait(false);
    }

    /// <summary>Per campaign, the latest snapshot in [from, to] with reply and bounce rates (percent of contacted).</summary>
    public async Task<IReadOnlyList<CampaignPerformanceReportRow>> CampaignPerformanceReportAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var ops = await GetOpsAsync(ct).ConfigureAwait(false);
        return ops.Warehouse is null ? [] : await ops.Warehouse.CampaignPerformanceReportAsync(from, to, ct).ConfigureAwait(false);
    }

    /// <summary>The inventory multiplier campaigns plan with now, and why.</summary>
    public async Task<MultiplierAnswer> InventoryMultiplierAsync(CancellationToken ct = default)
    {
        var ops = await GetOpsAsync(ct).ConfigureAwait(false);
        return await ops.Multiplier.CurrentAsync(ct).ConfigureAwait(false);
    }
}
