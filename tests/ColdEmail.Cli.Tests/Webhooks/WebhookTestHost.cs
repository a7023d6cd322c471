using System.Diagnostics.Metrics;
using Akka.Hosting;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Http.Webhooks;
using ColdEmail.Instantly.Webhooks;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Protocol;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Pipeline.Webhooks;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.DuckDb;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace ColdEmail.Cli.Tests.Webhooks;

/// <summary>
/// The webhook parts as the daemon registers them (<see cref="WebhookServices.AddColdEmailWebhooks"/>), served by a small
/// Kestrel app of the test's own on 127.0.0.1 (the daemon's HTTP server maps the same IDaemonEndpoints), over a real
/// DuckDB warehouse and a real SQLite journal.
/// </summary>
public sealed class WebhookTestHost : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private readonly WebApplication _app;

    private WebhookTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }
    public HttpClient Http { get; }
    public string ReceiverPath => "/webhooks/instantly/" + Token;
    public Uri ReceiverUrl => new(Address, ReceiverPath);
    public WebhookInboxHost Inbox => _app.Services.GetRequiredService<WebhookInboxHost>();
    public WebhookReplayService Replay => _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<WebhookReplayService>().Single();
    public IWebhookHealth WebhookHealth => _app.Services.GetRequiredService<IWebhookHealth>();
    public IMeterFactory Meters => _app.Services.GetRequiredService<IMeterFactory>();
    public Akka.Hosting.ActorRegistry Actors => _app.Services.GetRequiredService<Akka.Hosting.ActorRegistry>();

    /// <param name="gateway">The raw Instantly client behind the pipeline's gateway, started as the daemon starts it
    /// (WithInstantlyGateway, keyed facade); without <paramref name="api"/> the replay then calls Instantly through it.</param>
    public static async Task<WebhookTestHost> StartAsync(TempWorkspace ws, string? token = Token, TimeProvider? time = null,
        Func<IServiceProvider, CancellationToken, Task<IInstantlyWebhooksApi>>? api = null, TimeSpan? replayInterval = null, int port = 0,
        ColdEmail.Instantly.IInstantlyApi? gateway = null)
    {
        // The daemon's warehouse session has made the schema before anything runs.
        await (await ws.OpenWarehouseAsync()).DisposeAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var log = new LoggerConfiguration().CreateLogger();
        var settings = ColdEmailSettings.Defaults with
        {
            Webhooks = WebhookSettings.Default with { Token = new Secret(token), ReplayInterval = replayInterval ?? TimeSpan.FromHours(1) },
        };
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton<ILeadWarehouse>(_ => new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(ws.WarehousePath)));
        builder.Services.AddAkka("webhooks-test", (akka, _) =>
        {
            akka.AddHocon("akka.coordinated-shutdown.exit-clr = off\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.AddColdEmailPersistence(ws.JournalPath);
            // The production serializer for the inbox's journal and messages, with every message serialized in the test.
            akka.WithColdEmailProtocol().AddHocon(ColdEmail.Pipeline.Protocol.ProtocolConfig.SerializeMessages, HoconAddMode.Prepend);
            if (gateway is not null) akka.WithInstantlyGateway(new ColdEmail.Pipeline.Supervision.PipelineOptions());
        });
        if (gateway is not null)
        {
            builder.Services.AddSingleton(gateway);
            builder.Services.AddColdEmailPipelineServices();
        }
        builder.Services.AddColdEmailWebhooks(log, api);
        var app = builder.Build();
        foreach (var endpoints in app.Services.GetServices<IDaemonEndpoints>()) endpoints.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookTestHost(app, new Uri(address));
    }

    /// <summary>Waits (bounded) until the inbox has applied <paramref name="count"/> events: the answer comes before the warehouse write.</summary>
    public async Task<WebhookInboxStatus> WaitAppliedAsync(long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var status = await Inbox.StatusAsync(CancellationToken.None);
            if (status.Applied >= count && status.Pending == 0) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"applied {status.Applied} of {count}, {status.Pending} pending, last error {status.LastError}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Reads the webhook counters as the exporter would see them (meter "ColdEmail").</summary>
public sealed class WebhookCounterSpy : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public WebhookCounterSpy()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == WebhookMetrics.MeterName && instrument.Name.StartsWith("coldemail.webhooks.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (_counts) _counts[$"{instrument.Name}{{{labels}}}"] = Get($"{instrument.Name}{{{labels}}}") + value;
        });
        _listener.Start();
    }

    public long Get(string series)
    {
        lock (_counts) return _counts.GetValueOrDefault(series);
    }

    public void Dispose() => _listener.Dispose();
}
