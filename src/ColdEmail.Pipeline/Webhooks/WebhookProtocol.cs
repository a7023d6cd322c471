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
        .Add<WebhookInboxSnapshot>("webhook.snapshot");
}
