using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Webhooks;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace ColdEmail.Cli.Http.Webhooks;

/// <summary>The daemon's webhook parts in DI.</summary>
public static class WebhookServices
{
    public static WebhookOptions Options(ColdEmailSettings s) =>
        new(DrainPolicyMapping.From(s), s.Suppression.DomainOnReply, s.Webhooks.DedupeRetention);

    /// <summary>
    /// The daemon's webhook parts in DI: the inbox actor, the receiver's endpoints, the metrics and the hourly replay. Needs an
    /// <see cref="ActorSystem"/> (Akka.Hosting, with persistence), <see cref="ILeadWarehouse"/>, <see cref="TimeProvider"/> and
    /// <see cref="ColdEmailSettings"/>; <paramref name="api"/> replaces the gateway for the replay's calls (default: the pipeline's).
    /// </summary>
    public static IServiceCollection AddColdEmailWebhooks(this IServiceCollection services, ILogger log,
        Func<IServiceProvider, CancellationToken, Task<IInstantlyWebhooksApi>>? api = null)
    {
        services.AddMetrics();
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton(sp => new WebhookHealthTracker(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ColdEmailSettings>().Webhooks.ReceiverEnabled));
        services.AddSingleton(sp => new WebhookToken(sp.GetRequiredService<ColdEmailSettings>().Webhooks.Token.Reveal()));
        services.AddSingleton(sp => new WebhookInboxHost(
            () => sp.GetRequiredService<ActorSystem>(),
            () => WebhookInboxActor.Props(sp.GetRequiredService<ILeadWarehouse>(), Options(sp.GetRequiredService<ColdEmailSettings>()),
                sp.GetRequiredService<TimeProvider>(), DrainCoordinatorOf(sp)),
            log, sp.GetRequiredService<ColdEmailSettings>().Webhooks.ReceiverEnabled));
        services.AddHostedService(sp => sp.GetRequiredService<WebhookInboxHost>());
        // Last registration wins over the server's NoWebhookHealth default (it uses TryAdd).
        services.AddSingleton<IWebhookHealth>(sp => new WebhookHealth(sp.GetRequiredService<WebhookHealthTracker>()));
        services.AddSingleton<IDaemonEndpoints>(sp => new WebhookEndpoints(
            sp.GetRequiredService<WebhookInboxHost>(), sp.GetRequiredService<WebhookToken>(), sp.GetRequiredService<WebhookMetrics>(), log,
            sp.GetRequiredService<WebhookHealthTracker>()));
        services.AddHostedService(sp => new WebhookReplayService(
            ct => (api ?? GatewayApiAsync)(sp, ct), sp.GetRequiredService<WebhookInboxHost>(), sp.GetRequiredService<WebhookMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ColdEmailSettings>().Webhooks.ReplayInterval, log,
            sp.GetRequiredService<WebhookHealthTracker>()));
        return services;
    }

    /// <summary>The drain coordinator (or its cluster singleton's proxy) when the pipeline runs in this host, for the bounces' times.</summary>
    private static IActorRef? DrainCoordinatorOf(IServiceProvider sp) =>
        sp.GetService<ActorRegistry>() is { } registry && registry.TryGet<DrainCoordinator>(out var drain) ? drain : null;

    /// <summary>
    /// The webhook calls through the one gateway facade WithInstantlyGateway registers (keyed
    /// <see cref="PipelineServiceRegistration.GatewayKey"/>): paced by the workspace's rate limiter and guarded by the breaker with
    /// every other request, and available as soon as the gateway is, without asking the pipeline's supervisor for it.
    /// </summary>
    private static Task<IInstantlyWebhooksApi> GatewayApiAsync(IServiceProvider sp, CancellationToken ct) =>
        Task.FromResult<IInstantlyWebhooksApi>(new GatewayWebhooksApi(
            sp.GetRequiredKeyedService<IInstantlyApi>(PipelineServiceRegistration.GatewayKey) as GatewayInstantlyApi
            ?? throw new InvalidOperationException($"the service keyed {PipelineServiceRegistration.GatewayKey} is not the gateway's facade")));
}
