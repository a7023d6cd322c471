using Akka.Actor;
using ColdEmail.Domain.Webhooks;
using ColdEmail.Pipeline.Webhooks;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>
/// Starts the <see cref="WebhookInboxActor"/> in the daemon's actor system (after Akka.Hosting started it; events left
/// unapplied by a crash are applied on recovery) and is how the receiver and the replay hand events to it.
/// </summary>
public sealed class WebhookInboxHost(Func<ActorSystem> system, Func<Props> props, ILogger log, bool receiverEnabled) : IHostedService
{
    private IActorRef? _inbox;

    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public IActorRef Inbox => _inbox ?? throw new InvalidOperationException("the webhook inbox has not started");

    public bool Started => _inbox is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _inbox = system().ActorOf(props(), WebhookInboxActor.Name);
        if (receiverEnabled)
            log.Information("Instantly webhook receiver enabled at POST /webhooks/instantly/{Token}", Pipeline.Settings.Secret.Mask);
        else
            log.Information("Instantly webhook receiver disabled: {Variable} is not set (every /webhooks/instantly/... request answers 404)",
                Pipeline.Settings.WebhookSettings.EnvToken);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<WebhookEventsReceived> HandAsync(IReadOnlyList<WebhookFact> facts, CancellationToken ct) =>
        Inbox.Ask<WebhookEventsReceived>(new ReceiveWebhookEvents(facts), AskTimeout, ct);

    public Task<WebhookInboxStatus> StatusAsync(CancellationToken ct) =>
        Inbox.Ask<WebhookInboxStatus>(GetWebhookInboxStatus.Instance, AskTimeout, ct);
}
