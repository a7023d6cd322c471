using System.CommandLine;
using Akka.Actor;
using Akka.Hosting;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Http;
using ColdEmail.Cli.Http.Webhooks;
using ColdEmail.Cli.LiveTuning;
using ColdEmail.Cli.Notifications;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Pipeline.Supervision;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ColdEmail.Cli.Commands;

/// <summary>`run`: the daemon — scheduled sync and drain, live tuning, graceful shutdown on SIGTERM / Ctrl-C.</summary>
public static class RunCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("run", "Run the daemon: sync every 30 min and drain every 2 h (coldemail.schedules), with live tuning") { PipelineVerb.Sandbox };
        command.SetVerbAction(console, (ctx, ct) =>
        {
            LiveSettings? live = null;
            DaemonHttpServer.EnsurePortsFree(ctx.LoadFileSettings().Settings.Http);
            return PipelineVerb.RunAsync(ctx, ctx.Get(PipelineVerb.Sandbox), ct, async (runtime, session) =>
            {
                ctx.Logger.Information("ColdEmail daemon started: sync every {Sync}, drain every {Drain}; Ctrl-C stops",
                    session.Settings.Schedules.SyncInterval, session.Settings.Schedules.DrainInterval);
                var lifetime = runtime.Host.Services.GetRequiredService<IHostApplicationLifetime>();
                // Asynchronous continuations: the stop must not run inside the signal handler or the lifetime's callback.
                var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using var onStopping = lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
                await using var onCancel = ct.Register(() => stopped.TrySetResult());
                await stopped.Task;
                var settle = session.Settings.ShutdownTimeout;
                ctx.Logger.Information("Stopping: letting in-flight runs settle (up to {Seconds} s, coldemail.shutdown-timeout)", settle.TotalSeconds);
                // The schedule actor stops its timers and gives runs in progress the settle time before the actors stop.
                // (In a cluster the supervisor answers at once: the catalog singleton's hand-over settles the schedule.)
                var supervisor = runtime.Host.Services.GetRequiredService<ActorRegistry>().Get<PipelineSupervisor>();
                var requested = await supervisor.Ask<ScheduleStopped>(new StopSchedule(settle), settle + ShutdownSettings.AfterSettle);
                await runtime.Host.StopAsync(settle + ShutdownSettings.AfterSettle);
                var schedule = DaemonStop.Outcome(requested, runtime.Host.Services.GetRequiredService<Pipeline.Cluster.ScheduleGate>());
                if (schedule.CutOff > 0)
                    ctx.Logger.Warning("Stopped: {Count} in-flight runs did not settle in time; their batches are reconciled at the next start", schedule.CutOff);
                else
                    ctx.Logger.Information("Stopped: in-flight runs settled");
                return DaemonStop.ExitCode(schedule);
            }, services =>
            {
                services.AddDaemonHttp(ctx.Logger);
                services.AddSingleton(sp => live ??= new LiveSettings(sp.GetRequiredService<Pipeline.Settings.ColdEmailSettings>()));
                services.AddSingleton(sp => new LiveTuner(
                    sp.GetRequiredService<LiveSettings>(),
                    ctx.ConfigFile,
                    sp.GetRequiredService<ILeadWarehouse>(),
                    sp.GetRequiredService<ColdEmailPipeline>(),
                    sp.GetRequiredService<NotifyingRunNotifier>(),
                    sp.GetService<CampaignIdMap>()?.Ids,
                    ctx.Console.Environment,
                    ctx.Logger));
                // What a scheduled run does; the campaign catalog's schedule actor (on the node that owns it) runs it.
                services.AddSingleton<IScheduledRuns, PipelineScheduledRuns>();
                services.AddColdEmailWebhooks(ctx.Logger);
                services.AddHostedService(sp => new SettingsWatcher(() => sp.GetRequiredService<LiveTuner>(), sp.GetRequiredService<LiveSettings>(), ctx.ConfigFile, sp.GetRequiredService<ILeadWarehouse>(), ctx.Logger));
            }, clusterNode: true);
        });
        return command;
    }
}
