namespace ColdEmail.Pipeline.Runs;

/// <summary>Where run summaries go after they are written to <c>ops_runs</c> (logs now; Slack and webhooks from the CLI).</summary>
public interface IRunNotifier
{
    Task NotifySyncAsync(SyncRunSummary summary, CancellationToken ct = default);
    Task NotifyDrainAsync(DrainRunSummary summary, CancellationToken ct = default);
}
