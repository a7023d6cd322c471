namespace ColdEmail.Sandbox.Webhooks;

/// <summary>A webhook subscription (schema <c>Webhook</c>): status 1 active, -1 disabled after repeated failed deliveries.</summary>
internal sealed class SandboxWebhook
{
    public required string Id { get; init; }
    public required DateTimeOffset TimestampCreated { get; init; }
    public string? Campaign { get; set; }
    public string? Name { get; set; }
    public required string TargetHookUrl { get; set; }
    public string? EventType { get; set; }
    public double? CustomInterestValue { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public int Status { get; set; } = 1;
    public DateTimeOffset? TimestampError { get; set; }
    /// <summary>Failed deliveries in a row; reaching the limit disables the webhook.</summary>
    public int ConsecutiveFailures { get; set; }

    public bool Wants(WebhookSignal s) =>
        (Campaign is null || string.Equals(Campaign, s.CampaignId, StringComparison.OrdinalIgnoreCase))
        && (EventType == "all_events" || EventType == s.EventType);
}

/// <summary>One row of the delivery log (schema <c>WebhookEvent</c>).</summary>
internal sealed record SandboxWebhookEvent(
    string Id,
    DateTimeOffset TimestampCreated,
    string PayloadJson,
    bool Success,
    string WebhookUrl,
    int? StatusCode,
    string? ErrorMessage,
    string? LeadEmail,
    int? ResponseTimeMs);
