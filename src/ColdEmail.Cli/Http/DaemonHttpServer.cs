using System.Net;
using System.Net.Sockets;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Pipeline.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using Serilog.Extensions.Logging;
using ILogger = Serilog.ILogger;

namespace ColdEmail.Cli.Http;

/// <summary>
/// The daemon's HTTP face: a Kestrel server of its own inside the daemon's host, serving /metrics (OpenTelemetry's
/// Prometheus exporter over the "ColdEmail" meter plus the runtime's) and every <see cref="IDaemonEndpoints"/> registered
/// in the daemon's container. A port taken between <see cref="EnsurePortsFree"/> and the start still fails naming coldemail.http.urls.
/// </summary>
public sealed class DaemonHttpServer(IServiceProvider daemon, HttpSettings settings, ILogger logger) : IHostedService, IAsyncDisposable
{
    private const string UrlsKey = HttpSettings.Key + ".urls";

    /// <summary>The runtime's own meter (GC, heap, thread pool, exceptions, process CPU and working set), built into .NET 9+.</summary>
    private const string RuntimeMeter = "System.Runtime";

    private WebApplication? _app;

    /// <summary>The addresses Kestrel bound (with the real port when the setting said 0); empty before start.</summary>
    public IReadOnlyList<string> BoundUrls { get; private set; } = [];

    /// <summary>
    /// Binds and releases each configured port. The verbs call it before they start anything (sandbox, actor system, runs),
    /// so a taken port is a configuration error naming coldemail.http.urls, exit 2, with nothing half-started.
    /// </summary>
    public static void EnsurePortsFree(HttpSettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }
        foreach (var url in settings.Urls.Where(u => u.Port != 0))
        {
            EnsureFree(url);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            logger.Information("HTTP endpoint off (coldemail.http.enabled = off)");
            return;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "coldemail" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SerilogLoggerProvider(logger));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(settings.Urls.Select(u => u.GetLeftPart(UriPartial.Authority)).ToArray());
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ColdEmailMetrics.MeterName, RuntimeMeter)
            // A scrape right after a run must see that run: no response cache.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        foreach (var endpoints in daemon.GetServices<IDaemonEndpoints>())
        {
            endpoints.Map(app);
        }
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
                                    || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new SettingsException(UrlsKey, $"cannot listen: {e.Message} (another daemon? choose another port, or coldemail.http.enabled = off)");
        }
        _app = app;
        BoundUrls = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        foreach (var url in BoundUrls)
        {
            logger.Information("HTTP endpoint listening on {Url:l} (/healthz /readyz /metrics and the status page at /)", url);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private static void EnsureFree(Uri url)
    {
        var addresses = IPAddress.TryParse(url.Host, out var ip) ? [ip]
            : url.IsLoopback ? [IPAddress.Loopback]
            : Dns.GetHostAddresses(url.Host);
        foreach (var address in addresses)
        {
            try
            {
                using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                // As Kestrel does on Linux: a closed connection's TIME_WAIT must not count as "in use", a listener must.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.Bind(new IPEndPoint(address, url.Port));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied or SocketError.AddressNotAvailable)
            {
                throw new SettingsException(UrlsKey, $"cannot listen on {url.GetLeftPart(UriPartial.Authority)}: {e.Message} " +
                    "(another daemon? choose another port, or coldemail.http.enabled = off)");
            }
        }
    }
}
