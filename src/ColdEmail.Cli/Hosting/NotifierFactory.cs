using ColdEmail.Cli.Notifications;
using ColdEmail.Pipeline.Settings;
using Serilog;

namespace ColdEmail.Cli.Hosting;

/// <summary>Builds the run notifier from coldemail.notifications (Slack and/or a webhook; none = logs only).</summary>
public static class NotifierFactory
{
    private static readonly HttpClient Http = new();

    public static NotifyingRunNotifier Create(NotificationSettings n, ILogger logger, TimeProvider time) =>
        new(Dispatcher(n, logger), n.RunSummaries, logger, time);

    public static NotificationDispatcher Dispatcher(NotificationSettings n, ILogger logger)
    {
        var targets = new List<INotificationTarget>();
        var timeout = n.Timeout;
        if (n.SlackWebhookUrl.IsSet)
        {
            targets.Add(new SlackTarget(Client(timeout), new Uri(n.SlackWebhookUrl.Reveal())));
        }
        if (n.WebhookUrl.IsSet)
        {
            targets.Add(new WebhookTarget(Client(timeout), new Uri(n.WebhookUrl.Reveal())));
        }
        return new NotificationDispatcher(targets, n.MaxAttempts, logger);
    }

    private static HttpClient Client(TimeSpan timeout) => timeout == Http.Timeout ? Http : new HttpClient { Timeout = timeout };
}
