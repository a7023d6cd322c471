namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// To the pipeline supervisor: run one sync over every configured campaign; answered with <see cref="SyncRunResults"/> once
/// every campaign answered, or when <paramref name="Deadline"/> passed (the campaigns still silent are reported failed).
/// </summary>
public sealed record StartSyncRun(string RunId, TimeSpan Deadline);

/// <summary>Every campaign's answer to one sync run, in campaign-name order.</summary>
public sealed record SyncRunResults(string RunId, IReadOnlyList<CampaignSyncResult> Results);

/// <summary>To the pipeline supervisor: the caller gave up on this run (its token was cancelled); its tracker stops asking.</summary>
public sealed record StopSyncRun(string RunId);
