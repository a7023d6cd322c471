using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Notifications;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Settings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ILogger = Serilog.ILogger;

namespace ColdEmail.Cli.Http;

/// <summary>
/// Registers the daemon's observability (metrics, status) and, when coldemail.http.enabled, its HTTP server with the
/// health, readiness and status page endpoints. One call from each verb that runs the daemon (`run`, `demo --serve`).
/// </summary>
public static class DaemonHttp
{
    public static IServiceCollection AddDaemonHttp(this IServiceCollection services, ILogger logger)
    {
        services.AddMetrics();
        services.TryAddSingleton<PipelineStatus>();
        services.TryAddSingleton(sp => CampaignNamesOf(sp.GetRequiredService<ColdEmailSettings>(), sp.GetService<CampaignIdMap>()));
        services.TryAddSingleton<ColdEmailMetrics>();
        services.TryAddSingleton(sp => new WarehouseStatusReader(sp.GetRequiredService<Warehouse.ILeadWarehouse>(),
            sp.GetRequiredService<PipelineStatus>(), sp.GetRequiredService<CampaignNames>(), logger));
        // Last registration wins: runs reach the notifier through the metrics.
        services.AddSingleton<IRunNotifier>(sp => new ObservingRunNotifier(sp.GetRequiredService<NotifyingRunNotifier>(),
            sp.GetRequiredService<ColdEmailMetrics>(), sp.GetRequiredService<WarehouseStatusReader>()));
        services.AddHostedService<StatusFeed>();
        services.TryAddSingleton<IWebhookHealth, NoWebhookHealth>();
        services.AddSingleton<ReadinessProbe>();
        services.AddSingleton<Status.StatusPageLoader>();
        services.AddSingleton<IDaemonEndpoints, HealthEndpoints>();
        services.AddSingleton<IDaemonEndpoints, StatusPageEndpoints>();
        services.AddSingleton<IDaemonEndpoints>(sp => new ClusterStatusEndpoints(sp.GetRequiredService<Akka.Actor.ActorSystem>(), sp.GetRequiredService<ColdEmailSettings>()));
        // Reads coldemail.http at start: with enabled = off it opens no socket.
        services.AddSingleton(sp => new DaemonHttpServer(sp, sp.GetRequiredService<ColdEmailSettings>().Http, logger));
        services.AddHostedService(sp => sp.GetRequiredService<DaemonHttpServer>());
        return services;
    }

    private static CampaignNames CampaignNamesOf(ColdEmailSettings settings, CampaignIdMap? ids)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var campaign in settings.Campaigns.All)
        {
            var id = ids?.Ids is { } sandbox && sandbox.TryGetValue(campaign.Name, out var sandboxId) ? sandboxId : campaign.Id;
            if (!string.IsNullOrWhiteSpace(id))
            {
                map[id] = campaign.Name;
            }
        }
        return new CampaignNames(map);
    }
}
