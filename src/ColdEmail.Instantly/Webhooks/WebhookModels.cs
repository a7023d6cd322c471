namespace ColdEmail.Instantly.Webhooks;

/// <summary>
/// Instantly's <c>Webhook</c>: <see cref="Status"/> 1 = active, -1 = disabled after failed deliveries
/// (<see cref="TimestampError"/> says when); <see cref="EventType"/> null = a custom-label subscription.
/// </summary>
public sealed record InstantlyWebhook(
    string Id,
    string TargetHookUrl,
    string? EventType,
    string? CampaignId,
    string? Name,
    int? Status,
    DateTimeOffset? TimestampError,
    DateTimeOffset? TimestampCreated)
{
    public const int StatusActive = 1;
    public const int StatusDisabled = -1;
    public bool IsDisabled => Status == StatusDisabled;
}

public sealed record WebhookPage(IReadOnlyList<InstantlyWebhook> Items, string? NextStartingAfter);

/// <summary>The <c>CreateWebhook</c> body: <c>target_hook_url</c> (required), <c>event_type</c>, <c>campaign</c>, <c>name</c>, <c>headers</c>.</summary>
public sealed record CreateWebhookRequest(string TargetHookUrl, string? EventType, string? CampaignId = null, string? Name = null)
{
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>
/// One row of the delivery log (<c>WebhookEvent</c>). <see cref="PayloadJson"/> is the JSON that was sent or attempted,
/// kept as text so it can be handed on as plain data and replayed through the receiver's own parser.
/// </summary>
public sealed record WebhookDelivery(
    string Id,
    DateTimeOffset TimestampCreated,
    bool Success,
    int RetryCount,
    bool WillRetry,
    string WebhookUrl,
    int? StatusCode,
    string? ErrorMessage,
    string? PayloadJson);

public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Items, string? NextStartingAfter);

/// <summary>Query of <c>GET /api/v2/webhook-events</c>: <c>success</c>, <c>from</c>/<c>to</c> (dates, inclusive), <c>limit</c> 1..100, <c>starting_after</c>.</summary>
public sealed record WebhookDeliveryQuery(bool? Success = null, DateOnly? From = null, DateOnly? To = null, int Limit = 100, string? StartingAfter = null);
