using System.Text.Json;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Runs;

/// <summary>Writes a run's summary to <c>ops_runs</c> and hands it to the notifier; neither failure hides the run.</summary>
public sealed class RunRecorder(ILeadWarehouse warehouse, IRunNotifier notifier)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = false,
    };

    private readonly ILogger _log = Log.ForContext<RunRecorder>();

    public async Task<IReadOnlyList<string>> RecordSyncAsync(SyncRunSummary s, CancellationToken ct)
    {
        var problems = new List<string>();
        await Try(() => warehouse.RecordRunAsync(new RunRecord(s.RunId, "sync", s.Timestamp, s.FinishedAt, s.Succeeded, JsonSerializer.Serialize(s, Json)), ct),
            "write the run to ops_runs", s.RunId, problems).ConfigureAwait(false);
        await Try(() => notifier.NotifySyncAsync(s, ct), "notify", s.RunId, problems).ConfigureAwait(false);
        return problems;
    }

    public async Task<IReadOnlyList<string>> RecordDrainAsync(DrainRunSummary s, CancellationToken ct)
    {
        var problems = new List<string>();
        await Try(() => warehouse.RecordRunAsync(new RunRecord(s.RunId, "drain", s.Timestamp, s.FinishedAt, s.Succeeded, JsonSerializer.Serialize(s, Json)), ct),
            "write the run to ops_runs", s.RunId, problems).ConfigureAwait(false);
        await Try(() => notifier.NotifyDrainAsync(s, ct), "notify", s.RunId, problems).ConfigureAwait(false);
        return problems;
    }

    private async Task Try(Func<Task> action, string what, string runId, List<string> problems)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.Error(e, "Could not {What} for run {RunId}", what, runId);
            problems.Add($"could not {what}: {e.Message}");
        }
    }
}
