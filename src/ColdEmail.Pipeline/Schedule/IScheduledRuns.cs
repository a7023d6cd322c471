namespace ColdEmail.Pipeline.Schedule;

/// <summary>
/// Performs one scheduled run (the CLI implements it over the pipeline facade, which records the run and notifies).
/// True when the run succeeded. Resolved from DI on the node the schedule actor runs on.
/// </summary>
public interface IScheduledRuns
{
    Task<bool> RunAsync(ScheduledRunKind kind, CancellationToken ct);
}
