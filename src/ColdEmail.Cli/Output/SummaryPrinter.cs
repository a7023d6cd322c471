using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Cli.Output;

/// <summary>Run summaries as short human text (the --json form is the summary record itself).</summary>
public static class SummaryPrinter
{
    public static async Task SyncAsync(TextWriter o, SyncRunSummary s)
    {
        await o.WriteLineAsync($"sync {s.RunId}: {s.TotalLeadsCreated} leads added in {s.Duration.TotalSeconds:0.0} s" + (s.Succeeded ? "" : $", {s.Failures.Count} failures"));
        foreach (var c in s.Campaigns)
        {
            var plan = c.Plan is { } p ? $" (active {p.Active}, target {p.Target}, to add {p.ToAdd}: {p.Reason})" : "";
            await o.WriteLineAsync($"  {c.Campaign}: added {c.Created}, skipped {c.Skipped}, quarantined {c.Quarantined}, dead letters {c.DeadLettered}, recovered {c.Recovered}{plan}");
        }
        foreach (var failure in s.Failures)
        {
            await o.WriteLineAsync("  failure: " + failure);
        }
    }

    public static async Task DrainAsync(TextWriter o, DrainRunSummary s)
    {
        await o.WriteLineAsync($"drain {s.RunId}: {s.Checked} checked, {s.Drained} drained, {s.Kept} kept in {s.Duration.TotalSeconds:0.0} s" + (s.Succeeded ? "" : $", {s.Failures.Count} failures"));
        foreach (var (reason, count) in s.DrainResults.OrderByDescending(kv => kv.Value))
        {
            await o.WriteLineAsync($"  {reason}: {count}");
        }
        foreach (var failure in s.Failures)
        {
            await o.WriteLineAsync("  failure: " + failure);
        }
    }
}
