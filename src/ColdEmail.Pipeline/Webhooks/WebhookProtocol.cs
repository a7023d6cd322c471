using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Webhooks;

/// <summary>The webhook inbox's messages and its journal events and snapshot (manifests are stored: never change them).</summary>
public sealed class WebhookProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<ReceiveWebhookEvents>("webhook.receive")
        .Add<WebhookEventsReceived>("webhook.received")
        .Add<GetWebhookInboxStatus>("webhook.get-status")
        .Add<WebhookInboxStatus>("webhook.status")
        .Add<WebhookEventsRecorded>("webhook.events-recorded")
        .Add<WebhookEventsApplied>("webhook.events-applied")
        .Add<WebhookInboxSnapshot>("webhook.snapshot")
        .Add<WebhookSuppressionsRecorded>("webhook.suppressions-recorded")
        // The webhook calls through the gateway (webhooks register/status and the hourly replay) and their replies.
        .Add<ListWebhooksOperation>("gw.op.webhooks.list")
        .Add<CreateWebhookOperation>("gw.op.webhooks.create")
        .Add<ResumeWebhookOperation>("gw.op.webhooks.resume")
        .Add<ListWebhookEventsOperation>("gw.op.webhook-events.list")
        .Add<GatewayReply<WebhookPage>>("gw.reply.webhook-page")
        .Add<GatewayReply<InstantlyWebhook>>("gw.reply.webhook")
        .Add<GatewayReply<WebhookDeliveryPage>>("gw.reply.webhook-events");
}
