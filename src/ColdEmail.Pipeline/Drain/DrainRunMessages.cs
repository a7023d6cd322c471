namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// To the pipeline supervisor: run one drain pass; answered with its <see cref="Runs.DrainRunSummary"/>, or when
/// <paramref name="Deadline"/> passed with a summary that says so. <paramref name="Started"/> stamps that summary.
/// </summary>
public sealed record StartDrainRun(string RunId, DateTimeOffset Started, TimeSpan Deadline);

/// <summary>To the pipeline supervisor: the caller gave up on this drain run (its token was cancelled); its tracker stops asking.</summary>
public sealed record StopDrainRun(string RunId);
