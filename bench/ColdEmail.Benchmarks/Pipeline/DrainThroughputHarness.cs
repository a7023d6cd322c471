using System.Diagnostics;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>Leads drained per second: fetched, classified, removed and recorded, after the sandbox's clock moved on.</summary>
public sealed class DrainThroughputHarness : IHarness
{
    public string Name => "pipeline-drain";
    public string Description => "drain throughput, rate limits off: --leads N enrolled first (default 100000), --days D advanced (default 100: past the 90-day stale rule)";

    public async Task<int> RunAsync(string[] args)
    {
        var leads = PipelineBench.IntArg(args, "--leads", 100_000);
        var days = PipelineBench.IntArg(args, "--days", 100);
        await using var bench = await PipelineBench.CreateAsync(args, leads + leads / 5);
        if (bench.Sandbox is null)
        {
            Console.Error.WriteLine("pipeline-drain needs the in-process sandbox (it moves its clock)");
            return 2;
        }
        await bench.StartAsync(PipelineBench.Options(perCampaign: leads / 2));
        var sync = Stopwatch.StartNew();
        var enrolled = await bench.Pipeline.SyncOnceAsync();
        Console.WriteLine($"enrolled {enrolled.TotalLeadsCreated:N0} leads in {sync.Elapsed.TotalSeconds:F1} s");

        bench.Sandbox.AdvanceDays(days);
        var engine = Stopwatch.StartNew();
        bench.Sandbox.RunEngine();
        Console.WriteLine($"sandbox engine advanced {days} days in {engine.Elapsed.TotalSeconds:F1} s");

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var summary = await bench.Pipeline.DrainOnceAsync();
        watch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"process CPU {cpu.TotalSeconds:F1} s ({cpu.TotalMicroseconds / Math.Max(1, summary.Checked):F0} µs/lead checked): " +
            $"2 idle cores would allow ~{2 * summary.Checked / Math.Max(0.001, cpu.TotalSeconds):N0} leads/s; load average {PipelineBench.LoadAverage()}");
        Console.WriteLine($"drain checked {summary.Checked:N0}, removed {summary.Drained:N0} ({string.Join(", ", summary.DrainResults.Select(kv => $"{kv.Key} {kv.Value:N0}"))}), kept {summary.Kept:N0} in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"checked {summary.Checked / watch.Elapsed.TotalSeconds:N0} leads/s, drained {summary.Drained / watch.Elapsed.TotalSeconds:N0} leads/s; failures {summary.Failures.Count}; {PipelineBench.Memory()}");
        foreach (var f in summary.Failures.Take(5)) Console.WriteLine($"  {f}");
        return summary.Succeeded ? 0 : 1;
    }
}
