using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Cli.Output;

/// <summary>When a run counts as failed for the exit code: errors in the run, or leads that ended as dead letters.</summary>
public static class RunResults
{
    public static bool Failed(SyncRunSummary s) => !s.Succeeded || s.Campaigns.Any(c => c.DeadLettered > 0);

    public static bool Failed(DrainRunSummary s) => !s.Succeeded;
}
