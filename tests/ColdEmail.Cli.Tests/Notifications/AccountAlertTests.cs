using ColdEmail.Cli.Notifications;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using Serilog;

namespace ColdEmail.Cli.Tests.Notifications;

/// <summary>Issue 11 finding 1: a campaign Instantly refuses (key, plan, deleted campaign) alerts once per change of state.</summary>
public sealed class AccountAlertTests
{
    private static readonly ILogger Quiet = new LoggerConfiguration().CreateLogger();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private static SyncRunSummary Run(string? problem) =>
        SyncRunSummary.From("sync-1", At, At.AddSeconds(1),
        [
            problem is null
                ? new CampaignSyncResult("smb", "c-1", null, 0, 0, 0, 0, 0, 0, 0, VerificationCounts.Zero, [])
                : CampaignSyncResult.Failed("smb", "c-1", problem) with { AccountProblem = problem },
        ]);

    [Fact]
    public async Task An_account_problem_alerts_when_it_starts_and_when_it_ends_not_every_run()
    {
        using var hook = new HookServer();
        var notifier = new NotifyingRunNotifier(new NotificationDispatcher([new WebhookTarget(Http, hook.Url)], 3, Quiet) { BaseDelay = TimeSpan.FromMilliseconds(1) },
            false, Quiet, TimeProvider.System);

        await notifier.NotifySyncAsync(Run(null));
        await notifier.NotifySyncAsync(Run("Instantly refused the account or campaign (Http 402 Payment Required)"));
        await notifier.NotifySyncAsync(Run("Instantly refused the account or campaign (Http 402 Payment Required)"));
        await notifier.NotifySyncAsync(Run("Instantly refused the account or campaign (Http 402 Payment Required)"));
        Assert.Single(hook.Bodies);
        Assert.Contains("cannot be stocked", hook.Bodies.Single());
        Assert.Contains("402", hook.Bodies.Single());

        await notifier.NotifySyncAsync(Run(null));
        await notifier.NotifySyncAsync(Run(null));
        Assert.Equal(2, hook.Bodies.Count);
        Assert.Contains("accepted by Instantly again", hook.Bodies.Last());
    }
}
