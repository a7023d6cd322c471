using System.Net;
using ColdEmail.Cli.Notifications;
using ColdEmail.Domain.Inventory;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using Serilog;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Cli.Tests.Notifications;

public sealed class NotifierTests
{
    private static readonly ILogger Quiet = new LoggerConfiguration().CreateLogger();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static NotificationDispatcher Dispatcher(params INotificationTarget[] targets) =>
        new(targets, 3, Quiet) { BaseDelay = TimeSpan.FromMilliseconds(1) };

    private static SyncRunSummary Sync(int active, int target, int created) =>
        SyncRunSummary.From("sync-1", At, At.AddSeconds(3),
        [
            new CampaignSyncResult("smb", "c-1", new InventoryPlan(50, 3.5, target, active, target - active, created, InventoryCap.None, "test"),
                created, 0, 0, 0, 0, 0, created, VerificationCounts.Zero, []),
        ]);

    [Fact]
    public async Task Slack_gets_text_with_counts_and_no_lead_data()
    {
        using var hook = new HookServer();
        var notifier = new NotifyingRunNotifier(Dispatcher(new SlackTarget(Http, hook.Url)), true, Quiet, TimeProvider.System);
        await notifier.NotifySyncAsync(Sync(175, 175, 20));
        var body = Assert.Single(hook.Bodies);
        Assert.StartsWith("{\"text\":", body);
        Assert.Contains("20 leads added", body);
        Assert.DoesNotContain("@", body);
    }

    [Fact]
    public async Task Webhook_is_retried_until_it_succeeds()
    {
        using var hook = new HookServer(HttpStatusCode.InternalServerError, HttpStatusCode.BadGateway);
        var delivered = await Dispatcher(new WebhookTarget(Http, hook.Url)).SendAsync(new Notification("drain", "x", new Dictionary<string, object> { ["drained"] = 3 }, At), default);
        Assert.Equal(1, delivered);
        Assert.Equal(3, hook.Requests);
        Assert.Contains("\"drained\": 3", hook.Bodies.Last());
    }

    [Fact]
    public async Task A_failing_webhook_never_fails_the_run()
    {
        using var hook = new HookServer(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 10).ToArray());
        var notifier = new NotifyingRunNotifier(Dispatcher(new WebhookTarget(Http, hook.Url), new WebhookTarget(Http, new Uri("http://127.0.0.1:9/nothing"))), true, Quiet, TimeProvider.System);
        await notifier.NotifySyncAsync(Sync(100, 175, 0));
        await notifier.NotifyDrainAsync(new DrainRunSummary("d", At, At, 5, 4, 1, 1, 0, 0, new Dictionary<string, int> { ["replied"] = 1 }, []));
        Assert.Equal(9, hook.Requests);
    }

    [Fact]
    public async Task Inventory_alerts_go_out_once_per_change_of_state()
    {
        using var hook = new HookServer();
        var notifier = new NotifyingRunNotifier(Dispatcher(new WebhookTarget(Http, hook.Url)), false, Quiet, TimeProvider.System);
        await notifier.NotifySyncAsync(Sync(100, 175, 0));
        await notifier.NotifySyncAsync(Sync(100, 175, 0));
        await notifier.NotifySyncAsync(Sync(100, 175, 10));
        Assert.Single(hook.Bodies);
        Assert.Contains("below target", hook.Bodies.Single());

        await notifier.NotifySyncAsync(Sync(175, 175, 0));
        await notifier.NotifySyncAsync(Sync(175, 175, 0));
        Assert.Equal(2, hook.Bodies.Count);
        Assert.Contains("back at target", hook.Bodies.Last());
    }

    [Fact]
    public async Task Circuit_alerts_go_out_when_it_opens_and_when_it_recovers()
    {
        using var hook = new HookServer();
        var notifier = new NotifyingRunNotifier(Dispatcher(new WebhookTarget(Http, hook.Url)), true, Quiet, TimeProvider.System);
        await notifier.CircuitChangedAsync(new CircuitBreakerStateChanged(CircuitState.Closed, CircuitState.Open, "8 of 10 failed", At));
        await notifier.CircuitChangedAsync(new CircuitBreakerStateChanged(CircuitState.Open, CircuitState.HalfOpen, "probe", At));
        await notifier.CircuitChangedAsync(new CircuitBreakerStateChanged(CircuitState.HalfOpen, CircuitState.Open, "probe failed", At));
        await notifier.CircuitChangedAsync(new CircuitBreakerStateChanged(CircuitState.Open, CircuitState.HalfOpen, "probe", At));
        await notifier.CircuitChangedAsync(new CircuitBreakerStateChanged(CircuitState.HalfOpen, CircuitState.Closed, "probe ok", At));
        Assert.Equal(2, hook.Bodies.Count);
        Assert.Contains("opened", hook.Bodies.First());
        Assert.Contains("recovered", hook.Bodies.Last());
    }

    [Fact]
    public void Targets_never_print_their_url()
    {
        var secret = new Uri("https://hooks.slack.com/services/T0/B0/very-secret");
        Assert.DoesNotContain("very-secret", new SlackTarget(Http, secret).ToString());
        Assert.DoesNotContain("very-secret", new WebhookTarget(Http, secret).ToString());
    }
}
