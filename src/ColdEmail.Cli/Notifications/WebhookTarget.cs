using System.Net.Http.Json;
using ColdEmail.Cli.Output;

namespace ColdEmail.Cli.Notifications;

/// <summary>A generic webhook: posts the notification as JSON ({kind, text, counts, at}).</summary>
public sealed class WebhookTarget(HttpClient http, Uri url) : INotificationTarget
{
    public string Name => "webhook";

    public async Task SendAsync(Notification n, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(url, n, JsonOutput.Options, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"webhook answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    public override string ToString() => "WebhookTarget(********)";
}
