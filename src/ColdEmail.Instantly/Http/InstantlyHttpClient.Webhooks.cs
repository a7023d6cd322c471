using System.Globalization;
using ColdEmail.Instantly.Webhooks;

namespace ColdEmail.Instantly.Http;

/// <summary>The webhook subscriptions and the delivery log (<see cref="IInstantlyWebhooksApi"/>).</summary>
public sealed partial class InstantlyHttpClient : IInstantlyWebhooksApi
{
    public Task<InstantlyResult<WebhookPage>> ListWebhooksAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(limit), limit, $"1..{MaxPageSize}");
        var path = "api/v2/webhooks?limit=" + limit.ToString(CultureInfo.InvariantCulture)
            + (startingAfter is null ? "" : "&starting_after=" + Uri.EscapeDataString(startingAfter));
        return _exchange.SendAsync(HttpMethod.Get, path, null, WebhookWire.WebhookPage, ct);
    }

    public Task<InstantlyResult<InstantlyWebhook>> CreateWebhookAsync(CreateWebhookRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Uri.TryCreate(request.TargetHookUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ArgumentException("target_hook_url must be an absolute http(s) URL.", nameof(request));
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/webhooks", WebhookWire.Create(request), WebhookWire.Webhook, ct);
    }

    public Task<InstantlyResult<InstantlyWebhook>> ResumeWebhookAsync(string webhookId, CancellationToken ct = default) =>
        _exchange.SendAsync(HttpMethod.Post, $"api/v2/webhooks/{Segment(webhookId, nameof(webhookId))}/resume", null, WebhookWire.Webhook, ct);

    public Task<InstantlyResult<WebhookDeliveryPage>> ListWebhookEventsAsync(WebhookDeliveryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit 1..{MaxPageSize}");
        return _exchange.SendAsync(HttpMethod.Get, WebhookWire.EventsQuery(query), null, WebhookWire.DeliveryPage, ct);
    }
}
