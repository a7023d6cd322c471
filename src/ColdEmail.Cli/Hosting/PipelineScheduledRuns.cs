using ColdEmail.Cli.Output;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Schedule;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.Cli.Hosting;

/// <summary>What the schedule actor runs, over the facade (which records each run in ops_runs and notifies).</summary>
public sealed class PipelineScheduledRuns(IServiceProvider services) : IScheduledRuns
{
    // Resolved on first use: the facade needs the started actor system.
    private ColdEmailPipeline Pipeline => services.GetRequiredService<ColdEmailPipeline>();

    public async Task<bool> RunAsync(ScheduledRunKind kind, CancellationToken ct)
    {
        await HostStartedAsync(ct).ConfigureAwait(false);
        return kind switch
        {
            ScheduledRunKind.Sync => !RunResults.Failed(await Pipeline.SyncOnceAsync(ct).ConfigureAwait(false)),
            ScheduledRunKind.Drain => !RunResults.Failed(await Pipeline.DrainOnceAsync(ct).ConfigureAwait(false)),
            _ => (await Pipeline.RecoverOrphansAsync(dryRun: false, ct).ConfigureAwait(false)).Failures.Count == 0,
        };
    }

    /// <summary>
    /// The actor system starts before the host's other services (HTTP, the metrics exporter): a run-on-start run waits for the
    /// whole host, so its requests and outcomes are measured and served like every later run's.
    /// </summary>
    private Task HostStartedAsync(CancellationToken ct)
    {
        var started = services.GetService<IHostApplicationLifetime>()?.ApplicationStarted ?? CancellationToken.None;
        if (!started.CanBeCanceled || started.IsCancellationRequested) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        started.Register(() => done.TrySetResult());
        return done.Task.WaitAsync(ct);
    }
}
