using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Runs;
using Serilog;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Cli.Notifications;

/// <summary>
/// The pipeline's <see cref="IRunNotifier"/> for Slack and webhooks: logs every run, posts run summaries
/// (when coldemail.notifications.run-summaries is on) and alerts on changes of state. Sends counts only.
/// Failures are logged and swallowed.
/// </summary>
public sealed class NotifyingRunNotifier(NotificationDispatcher initialDispatcher, bool initialRunSummaries, ILogger logger, TimeProvider time) : IRunNotifier
{
    private readonly LoggingRunNotifier _log = new(logger);
    private readonly AlertState _alerts = new();
    private volatile Targets _targets = new(initialDispatcher, initialRunSummaries);

    private NotificationDispatcher dispatcher => _targets.Dispatcher;
    private bool runSummaries => _targets.RunSummaries;

    /// <summary>Live tuning: new targets take effect from the next notification; alert memory is kept.</summary>
    public void Reconfigure(NotificationDispatcher newDispatcher, bool newRunSummaries) => _targets = new Targets(newDispatcher, newRunSummaries);

    private sealed record Targets(NotificationDispatcher Dispatcher, bool RunSummaries);

    public async Task NotifySyncAsync(SyncRunSummary s, CancellationToken ct = default)
    {
        await _log.NotifySyncAsync(s, ct);
        if (!dispatcher.HasTargets)
        {
            return;
        }
        if (runSummaries)
        {
            var counts = new Dictionary<string, object>
            {
                ["created"] = s.TotalLeadsCreated,
                ["failures"] = s.Failures.Count,
                ["duration_s"] = Math.Round(s.Duration.TotalSeconds, 1),
            };
            foreach (var (campaign, created) in s.CampaignBreakdown)
            {
                counts["created_" + campaign] = created;
            }
            await Safe(new Notification("sync", $"ColdEmail sync: {s.TotalLeadsCreated} leads added" + (s.Succeeded ? "" : $", {s.Failures.Count} failures"), counts, s.FinishedAt), ct);
        }
        foreach (var c in s.Campaigns)
        {
            // A revoked key, an unpaid plan, a deleted campaign: alerted once when it starts and once when it ends.
            var failing = c.AccountProblem is not null;
            if (_alerts.Changed("account:" + c.Campaign, failing))
            {
                var text = failing
                    ? $"ColdEmail alert: campaign {c.Campaign} cannot be stocked: {c.AccountProblem}"
                    : $"ColdEmail: campaign {c.Campaign} is accepted by Instantly again";
                await Safe(new Notification("alert", text, new Dictionary<string, object> { ["failing"] = failing }, s.FinishedAt), ct);
            }
        }
        foreach (var c in s.Campaigns.Where(c => c.Plan is not null))
        {
            var plan = c.Plan!;
            var below = plan.Active + c.Created < plan.Target;
            if (_alerts.Changed("inventory:" + c.Campaign, below))
            {
                var text = below
                    ? $"ColdEmail alert: campaign {c.Campaign} inventory below target ({plan.Active + c.Created} of {plan.Target})"
                    : $"ColdEmail: campaign {c.Campaign} inventory back at target ({plan.Active + c.Created} of {plan.Target})";
                await Safe(new Notification("alert", text, new Dictionary<string, object> { ["active"] = plan.Active + c.Created, ["target"] = plan.Target }, s.FinishedAt), ct);
            }
        }
    }

    public async Task NotifyDrainAsync(DrainRunSummary s, CancellationToken ct = default)
    {
        await _log.NotifyDrainAsync(s, ct);
        if (!dispatcher.HasTargets || !runSummaries)
        {
            return;
        }
        var counts = new Dictionary<string, object>
        {
            ["checked"] = s.Checked,
            ["drained"] = s.Drained,
            ["kept"] = s.Kept,
            ["failures"] = s.Failures.Count,
        };
        foreach (var (reason, count) in s.DrainResults)
        {
            counts["drained_" + reason] = count;
        }
        await Safe(new Notification("drain", $"ColdEmail drain: {s.Drained} leads removed of {s.Checked} checked" + (s.Succeeded ? "" : $", {s.Failures.Count} failures"), counts, s.FinishedAt), ct);
    }

    /// <summary>Called with every breaker transition; alerts when it opens and when it closes again.</summary>
    public Task CircuitChangedAsync(CircuitBreakerStateChanged change, CancellationToken ct = default)
    {
        var open = change.To == CircuitState.Open;
        if (change.To == CircuitState.HalfOpen || !_alerts.Changed("circuit", open))
        {
            return Task.CompletedTask;
        }
        var text = open
            ? $"ColdEmail alert: Instantly circuit breaker opened ({change.Reason})"
            : "ColdEmail: Instantly circuit breaker recovered";
        return Safe(new Notification("alert", text, new Dictionary<string, object> { ["open"] = open }, time.GetUtcNow()), ct);
    }

    private async Task Safe(Notification n, CancellationToken ct)
    {
        try
        {
            await dispatcher.SendAsync(n, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.Warning("Notification {Kind} could not be sent: {Error}", n.Kind, e.Message);
        }
    }
}
