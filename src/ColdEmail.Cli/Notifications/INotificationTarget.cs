namespace ColdEmail.Cli.Notifications;

/// <summary>One destination (Slack, a generic webhook). Throws on a failed delivery; the dispatcher retries.</summary>
public interface INotificationTarget
{
    string Name { get; }
    Task SendAsync(Notification notification, CancellationToken ct);
}
