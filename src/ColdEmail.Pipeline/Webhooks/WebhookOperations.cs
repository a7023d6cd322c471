using ColdEmail.Instantly;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>
/// The webhook calls as gateway operations, so the daemon's calls are paced and guarded like every other. The adapter
/// behind the gateway must also speak <see cref="IInstantlyWebhooksApi"/> (the HTTP client does); one that does not
/// answers with an error instead of a call.
/// </summary>
public abstract record WebhookOperation<T> : InstantlyOperation<T>
{
    protected override Task<InstantlyResult<T>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) =>
        api is IInstantlyWebhooksApi webhooks
            ? ExecuteAsync(webhooks, ct)
            : Task.FromResult(InstantlyResult<T>.Fail(new InstantlyError(InstantlyErrorKind.InvalidResponse, null, "unsupported",
                "this Instantly adapter has no webhook calls")));

    protected abstract Task<InstantlyResult<T>> ExecuteAsync(IInstantlyWebhooksApi api, CancellationToken ct);
}

public sealed record ListWebhooksOperation(int Limit, string? StartingAfter) : WebhookOperation<WebhookPage>
{
    public override string Name => "webhooks.list";
    protected override Task<InstantlyResult<WebhookPage>> ExecuteAsync(IInstantlyWebhooksApi api, CancellationToken ct) =>
        api.ListWebhooksAsync(Limit, StartingAfter, ct);
}

public sealed record CreateWebhookOperation(CreateWebhookRequest Request) : WebhookOperation<InstantlyWebhook>
{
    public override string Name => "webhooks.create";
    protected override Task<InstantlyResult<InstantlyWebhook>> ExecuteAsync(IInstantlyWebhooksApi api, CancellationToken ct) =>
        api.CreateWebhookAsync(Request, ct);
}

public sealed record ResumeWebhookOperation(string WebhookId) : WebhookOperation<InstantlyWebhook>
{
    public override string Name => "webhooks.resume";
    protected override Task<InstantlyResult<InstantlyWebhook>> ExecuteAsync(IInstantlyWebhooksApi api, CancellationToken ct) =>
        api.ResumeWebhookAsync(WebhookId, ct);
}

public sealed record ListWebhookEventsOperation(WebhookDeliveryQuery Query) : WebhookOperation<WebhookDeliveryPage>
{
    public override string Name => "webhook-events.list";
    protected override Task<InstantlyResult<WebhookDeliveryPage>> ExecuteAsync(IInstantlyWebhooksApi api, CancellationToken ct) =>
        api.ListWebhookEventsAsync(Query, ct);
}

/// <summary><see cref="IInstantlyWebhooksApi"/> through the pipeline's gateway (<see cref="GatewayInstantlyApi"/>).</summary>
public sealed class GatewayWebhooksApi(GatewayInstantlyApi gateway) : IInstantlyWebhooksApi
{
    public Task<InstantlyResult<WebhookPage>> ListWebhooksAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) =>
        gateway.CallAsync(new ListWebhooksOperation(limit, startingAfter), ct);

    public Task<InstantlyResult<InstantlyWebhook>> CreateWebhookAsync(CreateWebhookRequest request, CancellationToken ct = default) =>
        gateway.CallAsync(new CreateWebhookOperation(request), ct);

    public Task<InstantlyResult<InstantlyWebhook>> ResumeWebhookAsync(string webhookId, CancellationToken ct = default) =>
        gateway.CallAsync(new ResumeWebhookOperation(webhookId), ct);

    public Task<InstantlyResult<WebhookDeliveryPage>> ListWebhookEventsAsync(WebhookDeliveryQuery query, CancellationToken ct = default) =>
        gateway.CallAsync(new ListWebhookEventsOperation(query), ct);
}
