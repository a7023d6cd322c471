using ColdEmail.Cli.LiveTuning;
using ColdEmail.Pipeline;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// The daemon's clock: a sync every coldemail.schedules.sync-interval, a drain and an orphan scan (flag orphan_recovery_enabled) every drain-interval
/// (re-read after a live change). The pipeline is resolved on first use: it exists once the actor system has started. On shutdown a run in progress gets
/// <paramref name="settleTime"/> (coldemail.shutdown-timeout) to finish; anything cut off stays claimed in the ledgers and is reconciled at the next start.
/// </summary>
/// <param name="isScheduleOwner">In a cluster: whether this node owns the one schedule (null: always, one process).</param>
public sealed class DaemonScheduler(Func<ColdEmailPipeline> pipeline, LiveSettings live, TimeProvider time, ILogger logger, TimeSpan? settleTime = null,
    Func<bool>? isScheduleOwner = null) : BackgroundService
{
    private readonly TimeSpan _settleTime = settleTime ?? Pipeline.Settings.ColdEmailSettings.Defaults.ShutdownTimeout;
    private int _failures;
    private int _cutOff;

    /// <summary>Runs that finished with failures since the start (for the exit code).</summary>
    public int Failures => _failures;

    /// <summary>Runs that were still going when the settle time after a stop request ran out.</summary>
    public int CutOff => _cutOff;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        LoopAsync("sync", () => live.Current.Schedules.SyncInterval, async ct => !Output.RunResults.Failed(await pipeline().SyncOnceAsync(ct)), stoppingToken),
        LoopAsync("drain", () => live.Current.Schedules.DrainInterval, async ct => !Output.RunResults.Failed(await pipeline().DrainOnceAsync(ct)), stoppingToken),
        LoopAsync("orphans", () => live.Current.Schedules.DrainInterval, async ct => (await pipeline().RecoverOrphansAsync(dryRun: false, ct)).Failures.Count == 0, stoppingToken));

    private async Task LoopAsync(string kind, Func<TimeSpan> interval, Func<CancellationToken, Task<bool>> run, CancellationToken stopping)
    {
        var last = live.Current.Schedules.RunOnStart ? DateTimeOffset.MinValue : time.GetUtcNow();
        while (!stopping.IsCancellationRequested)
        {
            var due = last == DateTimeOffset.MinValue ? time.GetUtcNow() : last + interval();
            var wait = due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                if (!await WaitAsync(wait, stopping))
                {
                    continue;
                }
            }
            if (stopping.IsCancellationRequested)
            {
                break;
            }
            last = time.GetUtcNow();
            if (isScheduleOwner is not null && !isScheduleOwner())
            {
                // Another node of the cluster owns the schedule; this one takes over when that node leaves.
                continue;
            }
            await RunSettledAsync(kind, run, stopping);
        }
    }

    /// <summary>Waits, but wakes early when the settings change so a shorter interval takes effect at once. False: woken early.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken stopping)
    {
        using var changed = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        void OnChange(Pipeline.Settings.ColdEmailSettings _) => changed.Cancel();
        live.Changed += OnChange;
        try
        {
            await Task.Delay(wait, time, changed.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        finally
        {
            live.Changed -= OnChange;
        }
    }

    private async Task RunSettledAsync(string kind, Func<CancellationToken, Task<bool>> run, CancellationToken stopping)
    {
        // A stop request must not cut a batch in half: give the run time to settle.
        using var settle = new CancellationTokenSource();
        await using var registration = stopping.Register(() => settle.CancelAfter(_settleTime));
        try
        {
            if (!await run(settle.Token))
            {
                Interlocked.Increment(ref _failures);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !settle.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            logger.Error(e, "The scheduled {Kind} run failed; the next one runs on schedule", kind);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cutOff);
            logger.Warning("The {Kind} run did not settle within {Seconds} s of shutdown (coldemail.shutdown-timeout); its open batches stay claimed for recovery", kind, _settleTime.TotalSeconds);
        }
    }
}
