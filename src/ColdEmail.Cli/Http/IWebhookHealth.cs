namespace ColdEmail.Cli.Http;

/// <summary>What the status page shows about Instantly webhooks: a headline and a few lines of counts and times.</summary>
/// <param name="Healthy">False colours the section as a problem (e.g. Instantly disabled the webhook, deliveries failing).</param>
public sealed record WebhookHealthView(bool Healthy, string Headline, IReadOnlyList<string> Lines);

/// <summary>
/// The status page's window onto webhook delivery, filled by the webhooks feature
/// (<c>services.AddSingleton&lt;IWebhookHealth, …&gt;()</c>; the last registration wins). Counts and timestamps only:
/// never an address, a payload or the token.
/// </summary>
public interface IWebhookHealth
{
    /// <summary>Null: webhooks are not set up.</summary>
    WebhookHealthView? Current();
}

/// <summary>The default until a webhook receiver is registered.</summary>
public sealed class NoWebhookHealth : IWebhookHealth
{
    public WebhookHealthView? Current() => null;
}
