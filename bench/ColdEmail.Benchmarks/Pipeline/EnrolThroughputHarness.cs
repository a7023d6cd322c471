using System.Diagnostics;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>Leads enrolled per second end to end: warehouse read → bulk add → ledger → warehouse state.</summary>
public sealed class EnrolThroughputHarness : IHarness
{
    public string Name => "pipeline-enrol";
    public string Description => "sync throughput, rate limits off: --leads N (default 200000) [--sandbox-url URL --api-key KEY] [--memory-limit 128MB --threads 2]";

    public async Task<int> RunAsync(string[] args)
    {
        var leads = PipelineBench.IntArg(args, "--leads", 200_000);
        // Extra prospects so both campaigns can fill completely.
        await using var bench = await PipelineBench.CreateAsync(args, leads + leads / 5);
        await bench.StartAsync(PipelineBench.Options(perCampaign: leads));
        await PipelineBench.SettleAfterSetupAsync();
        Console.WriteLine($"before sync: {PipelineBench.Memory()}");

        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var sampler = new MemorySampler();
        using var duck = new DuckDbMemorySampler(Path.Combine(bench.Folder, "warehouse.duckdb"));
        // BENCH_ALLOC_TICKS=1: which types the managed allocations (and the large-object heap's) are, sampled; it costs CPU.
        using var ticks = Environment.GetEnvironmentVariable("BENCH_ALLOC_TICKS") == "1" ? new AllocationTicks() : null;
        var watch = Stopwatch.StartNew();
        var summary = await bench.Pipeline.SyncOnceAsync();
        watch.Stop();
        sampler.Dispose();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var rate = summary.TotalLeadsCreated / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"enrolled {summary.TotalLeadsCreated:N0} leads ({string.Join(", ", summary.CampaignBreakdown.Select(kv => $"{kv.Key} {kv.Value:N0}"))}) in {watch.Elapsed.TotalSeconds:F1} s: {rate:N0} leads/s");
        // On a shared, overloaded machine wall time says little; CPU per lead bounds what 2 idle cores could do.
        Console.WriteLine($"process CPU {cpu.TotalSeconds:F1} s ({cpu.TotalMicroseconds / Math.Max(1, summary.TotalLeadsCreated):F0} µs/lead, sandbox included when in-process): " +
            $"2 idle cores would allow ~{2 * summary.TotalLeadsCreated / Math.Max(0.001, cpu.TotalSeconds):N0} leads/s; load average {PipelineBench.LoadAverage()}");
        Console.WriteLine($"during the sync: max working set {sampler.MaxWorkingSetMb:F0} MB, max GC heap {sampler.MaxGcHeapMb:F0} MB (GC committed {sampler.MaxGcCommittedMb:F0} MB) (DuckDB's native memory included in the working set)");
        Console.WriteLine($"native memory at the largest working set: {sampler.NativeAtPeak}");
        Console.WriteLine($"timeline (seconds: working set / GC committed, MB): {sampler.Timeline}");
        if (ticks is not null) Console.WriteLine($"managed allocations during the sync (sampled):{Environment.NewLine}{ticks.Describe()}");
        Console.WriteLine($"DuckDB's own accounting at its fullest: {duck.Describe()}");
        Console.WriteLine($"failures: {summary.Failures.Count}; {PipelineBench.Memory()}");
        foreach (var f in summary.Failures.Take(5)) Console.WriteLine($"  {f}");
        return summary.Succeeded ? 0 : 1;
    }
}
