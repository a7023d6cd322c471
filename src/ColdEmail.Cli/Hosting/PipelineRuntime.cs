using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Cli.Notifications;
using ColdEmail.Instantly;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Hosting;
using ColdEmail.Pipeline.Persistence;
using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ColdEmail.Cli.Hosting;

/// <summary>The sandbox's campaign ids by name, when the pipeline runs against it (null: the configured ids).</summary>
public sealed record CampaignIdMap(IReadOnlyDictionary<string, string>? Ids);

/// <summary>What a pipeline host is built from.</summary>
public sealed record PipelineRuntimeOptions(
    ColdEmailSettings Settings,
    ILeadWarehouse Warehouse,
    IInstantlyApi Instantly,
    TimeProvider Time,
    ILogger Logger,
    NotifyingRunNotifier Notifier,
    IReadOnlyDictionary<string, string>? CampaignIds = null,
    Action<IServiceCollection>? ConfigureServices = null);

/// <summary>
/// A generic host running the actor pipeline (Akka.Hosting, SQLite journal) and the facade the verbs drive.
/// The daemon adds its scheduler and live tuning through <see cref="PipelineRuntimeOptions.ConfigureServices"/>.
/// </summary>
public sealed class PipelineRuntime : IAsyncDisposable
{
    private PipelineRuntime(IHost host, ColdEmailPipeline pipeline)
    {
        Host = host;
        Pipeline = pipeline;
    }

    public IHost Host { get; }
    public ColdEmailPipeline Pipeline { get; }

    public static async Task<PipelineRuntime> StartAsync(PipelineRuntimeOptions o, CancellationToken ct)
    {
        var options = PipelineOptionsMapper.Map(o.Settings, o.CampaignIds);
        Log.Logger = o.Logger;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Args = [],
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Services.AddSerilog(o.Logger, dispose: false);
        // The host's stop deadline (default 30 s) must not cut the settle time off: runs get shutdown-timeout, the actors the rest.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = o.Settings.ShutdownTimeout + ShutdownSettings.AfterSettle);
        builder.Services.AddSingleton(o.Warehouse);
        builder.Services.AddSingleton(o.Instantly);
        builder.Services.AddSingleton(o.Time);
        builder.Services.AddSingleton(o.Settings);
        builder.Services.AddSingleton(o.Notifier);
        builder.Services.AddSingleton(new CampaignIdMap(o.CampaignIds));
        builder.Services.AddSingleton<IRunNotifier>(o.Notifier);
        builder.Services.AddSingleton<ScheduleGate>();
        builder.Services.AddAkka("coldemail", (akka, _) =>
        {
            akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<Akka.Logger.Serilog.SerilogLogger>();
            });
            akka.AddHocon("akka.coordinated-shutdown.exit-clr = off\nakka.coordinated-shutdown.run-by-clr-shutdown-hook = off", HoconAddMode.Prepend);
            akka.AddColdEmailJournal(o.Settings.Persistence);
            if (o.Settings.Cluster.Enabled)
            {
                // Before the pipeline: its gateway takes the node's permit client from the registry when it starts.
                akka.AddColdEmailCluster(o.Settings.Cluster, o.Settings.Persistence, ClusterLimits.From(o.Settings), o.Settings.CircuitBreaker.CoolDown);
                akka.WithColdEmailShutdownPhases(o.Settings.ShutdownTimeout);
            }
            akka.AddColdEmailPipeline(options);
            akka.WithActors((system, _) =>
            {
                var alerts = system.ActorOf(Props.Create(() => new CircuitAlertActor(o.Notifier)), "circuit-alerts");
                system.EventStream.Subscribe(alerts, typeof(CircuitBreakerStateChanged));
            });
        });
        builder.Services.AddColdEmailPipelineFacade(options.RunTimeout);
        o.ConfigureServices?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync(ct);
        return new PipelineRuntime(host, host.Services.GetRequiredService<ColdEmailPipeline>());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Bounded by HostOptions.ShutdownTimeout; a no-op when the verb already stopped the host.
            await Host.StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }

    /// <summary>Forwards breaker transitions from the event stream to the notifier (alerts once per change).</summary>
    private sealed class CircuitAlertActor : ReceiveActor
    {
        public CircuitAlertActor(NotifyingRunNotifier notifier) =>
            ReceiveAsync<CircuitBreakerStateChanged>(change => notifier.CircuitChangedAsync(change));
    }
}
