using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Cli.Http;

/// <summary>
/// Sits in front of the daemon's notifier: every recorded run (scheduled or from a verb) updates the metrics and the
/// status first, then goes on to the notifier. A failure to read the warehouse's counts never hides the run.
/// </summary>
public sealed class ObservingRunNotifier(IRunNotifier inner, ColdEmailMetrics metrics, WarehouseStatusReader reader) : IRunNotifier
{
    public async Task NotifySyncAsync(SyncRunSummary summary, CancellationToken ct = default)
    {
        foreach (var campaign in summary.Campaigns)
        {
            metrics.LeadsEnrolled(campaign.Campaign, campaign.Created);
            if (campaign.Plan is { } plan)
            {
                metrics.Status.SetInventory(campaign.Campaign, plan.Active + campaign.Created, plan.Target);
            }
        }
        // Counts first, then the run's timestamp: whoever waits for the timestamp sees the counts of that run.
        await reader.RefreshAsync(ct);
        metrics.RunFinished(new RunStatus("sync", summary.Timestamp, summary.FinishedAt, summary.Succeeded, summary.Failures.Count));
        await inner.NotifySyncAsync(summary, ct);
    }

    public async Task NotifyDrainAsync(DrainRunSummary summary, CancellationToken ct = default)
    {
        await reader.RefreshAsync(ct);
        metrics.RunFinished(new RunStatus("drain", summary.Timestamp, summary.FinishedAt, summary.Succeeded, summary.Failures.Count));
        await inner.NotifyDrainAsync(summary, ct);
    }
}
