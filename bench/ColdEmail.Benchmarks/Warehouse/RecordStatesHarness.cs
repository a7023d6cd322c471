using System.Diagnostics;
using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse;

namespace ColdEmail.Benchmarks.Warehouse;

/// <summary>Goal: recording 1,000,000 ops_inst_state rows at ≥ 100,000 rows/s (inserts, then updates of the same keys).</summary>
public sealed class RecordStatesHarness : IHarness
{
    public string Name => "warehouse-states";
    public string Description => "Upsert N (default 1,000,000) ops_inst_state rows in batches; goal ≥ 100,000 rows/s";

    public async Task<int> RunAsync(string[] args)
    {
        var n = WarehouseFixture.ParseCount(args, 1_000_000);
        var batch = args.Length > 1 && int.TryParse(args[1], out var b) ? b : 10_000;
        await using var fx = await WarehouseFixture.CreateAsync(0);
        var now = DateTimeOffset.UtcNow;

        var ok = true;
        foreach (var (label, state) in new[] { ("insert", LeadState.Active), ("update", LeadState.Completed) })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            for (var start = 0; start < n; start += batch)
            {
                var rows = new List<LeadStateRow>(batch);
                for (var i = start; i < Math.Min(n, start + batch); i++)
                    rows.Add(new LeadStateRow($"lead{i}@shop{i % 997}.com", i % 2 == 0 ? "c-smb" : "c-mid", i % 2 == 0 ? "SMB" : "Midsize",
                        state, $"lead-{i}", 1, null, now, ApiResponseTimeMs: 85));
                await fx.Warehouse.UpsertLeadStatesAsync(rows);
            }
            sw.Stop();
            var rate = n / sw.Elapsed.TotalSeconds;
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"  {label}: {n:N0} rows in batches of {batch:N0} in {sw.Elapsed.TotalSeconds:F2} s = {rate:N0} rows/s (process CPU {cpuUsed.TotalSeconds:F2} s, load average {LoadAverage.Read()})");
            ok &= rate >= 100_000;
        }
        Console.WriteLine(ok ? "  goal met (≥ 100,000 rows/s)" : "  GOAL MISSED (< 100,000 rows/s)");
        return ok ? 0 : 1;
    }
}
