using ColdEmail.Cli.Hosting;
using ColdEmail.Cli.Notifications;
using ColdEmail.Pipeline;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Cli.LiveTuning;

/// <summary>
/// Reloads settings (file + config table), validates, diffs against the running ones and applies the live part
/// to the actors. Restart-only keys are reported and left as they were; an invalid change is rejected with
/// the message naming the key and the running settings stay.
/// </summary>
public sealed class LiveTuner(
    LiveSettings live,
    string? configFile,
    ILeadWarehouse warehouse,
    ColdEmailPipeline pipeline,
    NotifyingRunNotifier notifier,
    IReadOnlyDictionary<string, string>? campaignIds,
    Func<string, string?> environment,
    ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// Waits until the config file has not been written for the debounce window. A save that truncates the file and then
    /// writes it leaves it empty or half-written for a moment, and a reload for another trigger (the config-table poll)
    /// that read it then applied the defaults of every live key, until the file's own reload put them back (seen in CI:
    /// the rate limiter went to 500 ms in the middle of an edit). The file's modification time is the real clock's, so the
    /// age is measured on the real clock. Bounded: a file rewritten without pause is read after ten windows.
    /// </summary>
    private async Task FileSettledAsync(CancellationToken ct)
    {
        if (configFile is null) return;
        var quiet = live.Current.LiveTuning.Debounce;
        for (var i = 0; i < 10; i++)
        {
            var age = DateTime.UtcNow - File.GetLastWriteTimeUtc(configFile);
            // A missing file reads as written in 1601; a clock stepped back makes the age negative: nothing to wait for.
            if (age >= quiet || age < TimeSpan.Zero) return;
            await Task.Delay(quiet - age, ct);
        }
    }

    public async Task<ReloadOutcome> ReloadAsync(string trigger, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            LoadedSettings loaded;
            try
            {
                var table = await warehouse.ReadConfigAsync(ct);
                await FileSettledAsync(ct);
                loaded = SettingsLoader.Load(new SettingsSources(configFile, ConfigTable: table, Environment: environment));
            }
            catch (SettingsException e)
            {
                foreach (var error in e.Errors)
                {
                    logger.Error("Rejected settings change ({Trigger}): {Key}: {Problem}; the running settings stay", trigger, error.Key, error.Message);
                }
                return ReloadOutcome.Rejected(e.Message);
            }

            var current = live.Current;
            var diff = SettingsDiff.Between(current, loaded.Settings);
            if (diff.IsEmpty)
            {
                return new ReloadOutcome(true, diff, null);
            }
            foreach (var change in diff.RestartOnly)
            {
                logger.Warning("Setting {Key} changed ({Change}) but needs a restart; not applied", change.Key, change.ToString());
            }
            var applicable = SettingsDiff.LiveApplicable(current, loaded.Settings);
            if (SettingsDiff.Between(current, applicable).IsEmpty)
            {
                return new ReloadOutcome(true, diff, null);
            }
            var applied = await pipeline.ApplySettingsAsync(PipelineOptionsMapper.Map(applicable, campaignIds), ct);
            if (!applied.Accepted)
            {
                logger.Error("Rejected settings change ({Trigger}): {Problem}; the running settings stay", trigger, applied.Error);
                return ReloadOutcome.Rejected(applied.Error ?? "refused by the pipeline");
            }
            notifier.Reconfigure(NotifierFactory.Dispatcher(applicable.Notifications, logger), applicable.Notifications.RunSummaries);
            live.Replace(applicable);
            foreach (var change in diff.Live)
            {
                logger.Information("Applied {Change} ({Trigger})", change.ToString(), trigger);
            }
            return new ReloadOutcome(true, diff, null);
        }
        finally
        {
            _gate.Release();
        }
    }
}
