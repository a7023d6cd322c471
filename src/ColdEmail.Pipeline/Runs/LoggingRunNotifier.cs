using Serilog;

namespace ColdEmail.Pipeline.Runs;

/// <summary>Writes each run summary as one structured log event.</summary>
public sealed class LoggingRunNotifier(ILogger? logger = null) : IRunNotifier
{
    private readonly ILogger _log = (logger ?? Log.Logger).ForContext<LoggingRunNotifier>();

    public Task NotifySyncAsync(SyncRunSummary s, CancellationToken ct = default)
    {
        _log.Information("Sync run {RunId}: {TotalCreated} leads created {@CampaignBreakdown}, verification {@Verification}, {FailureCount} failures, {DurationMs} ms",
            s.RunId, s.TotalLeadsCreated, s.CampaignBreakdown, s.VerificationStatus, s.Failures.Count, (long)s.Duration.TotalMilliseconds);
        foreach (var failure in s.Failures) _log.Warning("Sync run {RunId} failure: {Failure}", s.RunId, failure);
        return Task.CompletedTask;
    }

    public Task NotifyDrainAsync(DrainRunSummary s, CancellationToken ct = default)
    {
        _log.Information("Drain run {RunId}: {Checked} checked, {Drained} drained {@DrainResults}, {Kept} kept, {FailureCount} failures, {DurationMs} ms",
            s.RunId, s.Checked, s.Drained, s.DrainResults, s.Kept, s.Failures.Count, (long)s.Duration.TotalMilliseconds);
        foreach (var failure in s.Failures) _log.Warning("Drain run {RunId} failure: {Failure}", s.RunId, failure);
        return Task.CompletedTask;
    }
}
