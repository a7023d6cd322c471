namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.notifications: where run summaries and alerts go. Unset URLs switch that target off.</summary>
public sealed record NotificationSettings(
    Secret SlackWebhookUrl,
    Secret WebhookUrl,
    int MaxAttempts,
    TimeSpan Timeout,
    bool RunSummaries);
