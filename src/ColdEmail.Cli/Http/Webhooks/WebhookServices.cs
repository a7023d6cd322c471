using Akka.Actor;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Gateway;
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
                sp.GetRequiredService<TimeProvider>()),
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

    /// <summary>The webhook calls through the pipeline's gateway (paced and guarded with every other request).</summary>
    private static async Task<IInstantlyWebhooksApi> GatewayApiAsync(IServiceProvider sp, CancellationToken ct)
    {
        var refs = await sp.GetRequiredService<ColdEmailPipeline>().GetRefsAsync(ct);
        return new GatewayWebhooksApi(new GatewayInstantlyApi(refs.Gateway, sp.GetRequiredService<ActorSystem>().Scheduler));
    }
}
