namespace ColdEmail.Cli.Notifications;

/// <summary>
/// What goes to Slack or a webhook: a kind (sync, drain, alert), a one-line text, and counts only —
/// never an email address or any other lead data.
/// </summary>
public sealed record Notification(string Kind, string Text, IReadOnlyDictionary<string, object> Counts, DateTimeOffset At);
