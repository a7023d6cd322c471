using System.Diagnostics;
using ColdEmail.Benchmarks.Pipeline;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse;

namespace ColdEmail.Benchmarks.Warehouse;

/// <summary>
/// The heaviest statement a sync runs, alone: ranking one campaign's ready set (StreamReadyLeadsAsync, read to the
/// end) over N prospects, with the DuckDB limits given, and the working set and DuckDB's accounting it took. With
/// --with-states the first campaign's leads are written active first (as when the second campaign of a sync ranks:
/// the lead-state table and its index full), then the second campaign is ranked. For finding the memory-limit and
/// threads a warehouse size needs without running a whole sync.
/// </summary>
public sealed class RankingMemoryHarness : IHarness
{
    public string Name => "warehouse-rank";
    public string Description => "rank one campaign's ready set: --prospects N (default 1440000) [--with-states] [--memory-limit 128MB --threads 2]";

    public async Task<int> RunAsync(string[] args)
    {
        var prospects = PipelineBench.IntArg(args, "--prospects", 1_440_000);
        await using var bench = await PipelineBench.CreateAsync([.. args, "--sandbox-url", "http://127.0.0.1:9"], prospects);
        var routing = CampaignRouting.Default;
        var campaign = routing.Routes[0].Name;
        if (args.Contains("--with-states"))
        {
            var watch = Stopwatch.StartNew();
            var rows = new List<LeadStateRow>(10_000);
            var written = 0;
            await foreach (var p in bench.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(routing, campaign, PageSize: 5000)))
            {
                rows.Add(new LeadStateRow(p.Email, "campaign-" + campaign, campaign, LeadState.Active, Guid.NewGuid().ToString(), 200, null, bench.Clock.GetUtcNow(), 0, 10));
                if (rows.Count == rows.Capacity)
                {
                    await bench.Warehouse.UpsertLeadStatesAsync(rows);
                    written += rows.Count;
                    rows.Clear();
                }
            }
            await bench.Warehouse.UpsertLeadStatesAsync(rows);
            written += rows.Count;
            Console.WriteLine($"wrote {written:N0} active lead states for {campaign} in {watch.Elapsed.TotalSeconds:F1} s");
            campaign = routing.Routes[1].Name;
        }
        await PipelineBench.SettleAfterSetupAsync();
        Console.WriteLine($"before ranking: {PipelineBench.Memory()}");
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        using var sampler = new MemorySampler();
        using var duck = new DuckDbMemorySampler(Path.Combine(bench.Folder, "warehouse.duckdb"));
        var sw = Stopwatch.StartNew();
        var count = 0;
        var first = TimeSpan.Zero;
        try
        {
            await foreach (var _ in bench.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(routing, campaign, PageSize: 5000)))
                if (count++ == 0) first = sw.Elapsed;
        }
        catch (Exception e) when (e.GetType().Name.Contains("DuckDB", StringComparison.Ordinal))
        {
            Console.WriteLine($"FAILED after {sw.Elapsed.TotalSeconds:F1} s: {e.Message.Split('\n')[0]}");
        }
        sampler.Dispose();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        Console.WriteLine($"{campaign}: {count:N0} ready leads; ranked in {first.TotalSeconds:F1} s, read in {sw.Elapsed.TotalSeconds:F1} s, process CPU {cpu.TotalSeconds:F1} s; load average {PipelineBench.LoadAverage()}");
        Console.WriteLine($"max working set {sampler.MaxWorkingSetMb:F0} MB; native at its peak: {sampler.NativeAtPeak}");
        Console.WriteLine($"DuckDB's own accounting at its fullest: {duck.Describe()}");
        return 0;
    }
}
