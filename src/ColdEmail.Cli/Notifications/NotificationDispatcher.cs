using Serilog;

namespace ColdEmail.Cli.Notifications;

/// <summary>
/// Delivers to every target with retries (exponential pause from <see cref="BaseDelay"/>). A target that
/// still fails is logged and given up on: a notification never fails a run.
/// </summary>
public sealed class NotificationDispatcher(IReadOnlyList<INotificationTarget> targets, int maxAttempts, ILogger logger, TimeProvider? time = null)
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public bool HasTargets => targets.Count > 0;

    /// <summary>Returns how many targets received it.</summary>
    public async Task<int> SendAsync(Notification notification, CancellationToken ct)
    {
        var delivered = 0;
        foreach (var target in targets)
        {
            for (var attempt = 1; attempt <= maxAttempts; attempt++)
            {
                try
                {
                    await target.SendAsync(notification, ct);
                    delivered++;
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    if (attempt == maxAttempts)
                    {
                        logger.Warning("Notification {Kind} to {Target} failed after {Attempts} attempts: {Error}", notification.Kind, target.Name, attempt, e.Message);
                        break;
                    }
                    await Task.Delay(BaseDelay * Math.Pow(2, attempt - 1), time ?? TimeProvider.System, ct);
                }
            }
        }
        return delivered;
    }
}
