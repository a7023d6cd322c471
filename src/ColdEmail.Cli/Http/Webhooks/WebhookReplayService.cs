using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline.Webhooks;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// Replays Instantly's failed deliveries every <c>coldemail.webhooks.replay-interval</c> (default 1 h) on the injected
/// clock, through the inbox's dedupe. The polling drain stays regardless: it catches what no webhook reports.
/// </summary>
public sealed class WebhookReplayService(
    Func<CancellationToken, Task<IInstantlyWebhooksApi>> api, WebhookInboxHost inbox, WebhookMetrics metrics, TimeProvider time,
    TimeSpan interval, ILogger log, WebhookHealthTracker? health = null) : BackgroundService
{
    /// <summary>How far back a replay looks: two intervals, at least two days (a daemon that was down catches up).</summary>
    public TimeSpan LookBack => interval * 2 > TimeSpan.FromDays(2) ? interval * 2 : TimeSpan.FromDays(2);

    public int Completed { get; private set; }

    private DateTimeOffset _next;

    /// <summary>The first replay is due one interval after start, fixed here: ExecuteAsync may begin later on another thread.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _next = time.GetUtcNow() + interval;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = _next - time.GetUtcNow();
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            // A replay that overran its interval (or a paused process) does not queue catch-up runs back to back.
            var now = time.GetUtcNow();
            _next = _next + interval > now ? _next + interval : now + interval;
            await ReplayOnceAsync(stoppingToken);
        }
    }

    public async Task<WebhookReplayReport?> ReplayOnceAsync(CancellationToken ct)
    {
        try
        {
            var replay = new WebhookReplay(await api(ct), inbox.HandAsync);
            var report = await replay.RunAsync(time.GetUtcNow(), LookBack, ct);
            metrics.Replayed("accepted", report.Accepted);
            metrics.Replayed("duplicate", report.Duplicates);
            metrics.Replayed("ignored", report.Ignored);
            metrics.Replayed("refused", report.Refused);
            if (report.Error is not null)
                log.Warning("Webhook replay stopped early: {Error}; the next one tries again", report.Error);
            else if (report.Failed > 0)
                log.Information("Webhook replay: {Failed} failed deliveries in Instantly's log, {Accepted} applied now, {Duplicates} already applied",
                    report.Failed, report.Accepted, report.Duplicates);
            health?.Replayed(report);
            return report;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Warning("Webhook replay failed: {Error}; the next one tries again", e.Message);
            health?.Replayed(null);
            return null;
        }
        finally
        {
            Completed++;
        }
    }
}
