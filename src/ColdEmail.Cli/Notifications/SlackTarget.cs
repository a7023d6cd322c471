using System.Net.Http.Json;
using System.Text;

namespace ColdEmail.Cli.Notifications;

/// <summary>A Slack incoming webhook: posts {"text": …} with the counts as a short list.</summary>
public sealed class SlackTarget(HttpClient http, Uri webhook) : INotificationTarget
{
    public string Name => "slack";

    public async Task SendAsync(Notification n, CancellationToken ct)
    {
        var text = new StringBuilder().Append('*').Append(n.Text).Append('*');
        foreach (var (key, value) in n.Counts)
        {
            text.Append("\n• ").Append(key).Append(": ").Append(value);
        }
        using var response = await http.PostAsJsonAsync(webhook, new { text = text.ToString() }, ct);
        // The URL carries Slack's token: report the status only.
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"slack webhook answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    public override string ToString() => "SlackTarget(********)";
}
