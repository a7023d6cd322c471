using ColdEmail.Cli.Output;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Schedule;

namespace ColdEmail.Cli.Hosting;

/// <summary>What the schedule actor runs, over the facade (which records each run in ops_runs and notifies).</summary>
public sealed class PipelineScheduledRuns(IServiceProvider services) : IScheduledRuns
{
    // Resolved on first use: the facade needs the started actor system.
    private ColdEmailPipeline Pipeline => (ColdEmailPipeline)services.GetService(typeof(ColdEmailPipeline))!;

    public async Task<bool> RunAsync(ScheduledRunKind kind, CancellationToken ct) => kind switch
    {
        ScheduledRunKind.Sync => !RunResults.Failed(await Pipeline.SyncOnceAsync(ct).ConfigureAwait(false)),
        ScheduledRunKind.Drain => !RunResults.Failed(await Pipeline.DrainOnceAsync(ct).ConfigureAwait(false)),
        _ => (await Pipeline.RecoverOrphansAsync(dryRun: false, ct).ConfigureAwait(false)).Failures.Count == 0,
    };
}
