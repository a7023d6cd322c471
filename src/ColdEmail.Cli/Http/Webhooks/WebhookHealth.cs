namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>The status page's webhook section (<see cref="IWebhookHealth"/>), read from the <see cref="WebhookHealthTracker"/>.</summary>
public sealed class WebhookHealth(WebhookHealthTracker tracker) : IWebhookHealth
{
    public WebhookHealthView? Current()
    {
        var (healthy, headline, lines) = tracker.Snapshot();
        return new WebhookHealthView(healthy, headline, lines);
    }
}
