using System.Diagnostics;
using ColdEmail.Warehouse;

namespace ColdEmail.Benchmarks.Warehouse;

/// <summary>Goal: ≥ 200,000 ready leads/s out of DuckDB with managed memory flat in N.</summary>
public sealed class StreamReadyLeadsHarness : IHarness
{
    public string Name => "warehouse-stream";
    public string Description => "Stream N (default 1,000,000) ready leads out of DuckDB; goal ≥ 200,000 leads/s, memory flat in N";

    public async Task<int> RunAsync(string[] args)
    {
        var n = WarehouseFixture.ParseCount(args, 1_000_000);
        var pageSize = args.Length > 1 && int.TryParse(args[1], out var p) ? p : 1_000;
        await using var fx = await WarehouseFixture.CreateAsync(n);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var count = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var firstAfter = TimeSpan.Zero;
        await foreach (var _ in fx.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(ColdEmail.Domain.Routing.CampaignRouting.Default, null, PageSize: pageSize)))
        {
            if (count == 0) firstAfter = sw.Elapsed;
            if (++count % 50_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(false));
        }
        sw.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var rate = count / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"  streamed {count:N0} ready leads (page {pageSize:N0}) in {sw.Elapsed.TotalSeconds:F2} s = {rate:N0} leads/s");
        Console.WriteLine($"  process CPU time {cpuUsed.TotalSeconds:F2} s; load average {LoadAverage.Read()} (other processes share these cores)");
        Console.WriteLine($"  first lead after {firstAfter.TotalSeconds:F2} s (ranking the ready set inside DuckDB)");
        Console.WriteLine($"  managed heap: baseline {baseline / 1048576.0:F1} MB, peak while streaming {peak / 1048576.0:F1} MB");
        var ok = rate >= 200_000;
        Console.WriteLine(ok ? "  goal met (≥ 200,000 leads/s)" : "  GOAL MISSED (< 200,000 leads/s)");
        return ok ? 0 : 1;
    }
}
