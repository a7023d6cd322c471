namespace ColdEmail.Instantly.Webhooks;

/// <summary>
/// Instantly's webhook subscriptions (<c>/api/v2/webhooks</c>) and delivery log (<c>/api/v2/webhook-events</c>), written
/// to the official schema (reference notes §7 and A2). Like <see cref="IInstantlyApi"/>: no retries, no rate limiting,
/// every failure an <see cref="InstantlyError"/> in the result.
/// </summary>
public interface IInstantlyWebhooksApi
{
    /// <summary><c>GET /api/v2/webhooks</c>: one page (limit 1..100, cursor <c>starting_after</c>).</summary>
    Task<InstantlyResult<WebhookPage>> ListWebhooksAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default);

    /// <summary><c>POST /api/v2/webhooks</c>.</summary>
    Task<InstantlyResult<InstantlyWebhook>> CreateWebhookAsync(CreateWebhookRequest request, CancellationToken ct = default);

    /// <summary><c>POST /api/v2/webhooks/{id}/resume</c>: re-enables a webhook Instantly disabled after failed deliveries (status -1).</summary>
    Task<InstantlyResult<InstantlyWebhook>> ResumeWebhookAsync(string webhookId, CancellationToken ct = default);

    /// <summary><c>GET /api/v2/webhook-events</c>: one page of the delivery log.</summary>
    Task<InstantlyResult<WebhookDeliveryPage>> ListWebhookEventsAsync(WebhookDeliveryQuery query, CancellationToken ct = default);
}
