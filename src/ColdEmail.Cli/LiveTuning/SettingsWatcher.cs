using ColdEmail.Warehouse;
using Microsoft.Extensions.Hosting;
using Serilog;

namespace ColdEmail.Cli.LiveTuning;

/// <summary>
/// Notices changed settings: FileSystemWatcher events on the --config file (debounced), a periodic
/// timestamp check for file systems without events, and a poll of the warehouse config table.
/// Each trigger asks the <see cref="LiveTuner"/> to reload; a failing reload never stops the daemon.
/// </summary>
public sealed class SettingsWatcher(Func<LiveTuner> tuner, LiveSettings live, string? configFile, ILeadWarehouse warehouse, ILogger logger) : BackgroundService
{
    private readonly SemaphoreSlim _fileChanged = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var watcher = StartFileWatcher();
        try
        {
            await Task.WhenAll(WatchFileAsync(stoppingToken), PollTableAsync(stoppingToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.Error(e, "Live tuning stopped; settings changes are no longer picked up until a restart");
        }
    }

    private FileSystemWatcher? StartFileWatcher()
    {
        if (configFile is null || !live.Current.LiveTuning.WatchFile)
        {
            return null;
        }
        var full = Path.GetFullPath(configFile);
        var watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        // Editors save by rename as often as by write.
        watcher.Changed += (_, _) => _fileChanged.Release();
        watcher.Created += (_, _) => _fileChanged.Release();
        watcher.Renamed += (_, _) => _fileChanged.Release();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private async Task WatchFileAsync(CancellationToken ct)
    {
        if (configFile is null || !live.Current.LiveTuning.WatchFile)
        {
            return;
        }
        // Unknown at first: the file may have changed between the load at start and now, and a reload
        // of an unchanged file is a no-op.
        string? stamp = null;
        while (!ct.IsCancellationRequested)
        {
            var tuning = live.Current.LiveTuning;
            var signalled = await _fileChanged.WaitAsync(tuning.FileCheckInterval, ct).ConfigureAwait(false);
            if (signalled)
            {
                // Debounce: an editor's save is several events; let them settle, then reload once.
                await Task.Delay(tuning.Debounce, ct).ConfigureAwait(false);
                while (_fileChanged.CurrentCount > 0)
                {
                    await _fileChanged.WaitAsync(ct).ConfigureAwait(false);
                }
            }
            var now = Stamp(configFile);
            if (now is null || now == stamp)
            {
                continue;
            }
            stamp = now;
            await Reload("file " + configFile, ct);
        }
    }

    private async Task PollTableAsync(CancellationToken ct)
    {
        string? last = null;
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(live.Current.LiveTuning.ConfigTablePollInterval, ct).ConfigureAwait(false);
            try
            {
                var now = Fingerprint(await warehouse.ReadConfigAsync(ct).ConfigureAwait(false));
                if (now == last)
                {
                    continue;
                }
                last = now;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.Warning("Could not read the warehouse config table: {Error}", e.Message);
                continue;
            }
            await Reload("warehouse config table", ct);
        }
    }

    private async Task Reload(string trigger, CancellationToken ct)
    {
        try
        {
            await tuner().ReloadAsync(trigger, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.Error(e, "Reloading settings after a change of the {Trigger} failed; the running settings stay", trigger);
        }
    }

    private static string Fingerprint(IReadOnlyList<ConfigEntry> rows) =>
        string.Join("\n", rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key + "=" + r.ValueJson));

    /// <summary>The file's content: timestamps can repeat within a second on some file systems, text cannot lie.</summary>
    private static string? Stamp(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : null;
        }
        catch (IOException)
        {
            // Still being written: the next tick sees it.
            return null;
        }
    }
}
