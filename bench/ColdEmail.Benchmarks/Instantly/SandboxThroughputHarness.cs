using System.Diagnostics;
using System.Globalization;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Benchmarks.Instantly;

/// <summary>
/// How many leads the sandbox takes through bulk add and serves through list, over real HTTP on loopback with the
/// real client, rate limits off. Goal: ≥ 50,000 leads/s in, ≥ 20,000 leads/s out on 2 cores.
/// Args: [--leads N (200000)] [--concurrency C (4)].
/// </summary>
public sealed class SandboxThroughputHarness : IHarness
{
    public string Name => "instantly-sandbox";
    public string Description => "Sandbox throughput: leads/s accepted by bulk add and served by list (real client, loopback, rate limits off)";

    public async Task<int> RunAsync(string[] args)
    {
        var total = Arg(args, "--leads", 200_000);
        var concurrency = Arg(args, "--concurrency", 4);
        const string key = "bench-key";
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            ApiKey = key,
            Strict = true,
            RateLimits = RateLimitOptions.Off,
            Outcomes = OutcomeProbabilities.Nothing,
        });
        using var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = key });
        var campaign = sandbox.CampaignIds["SMB"];

        // Warm-up: JIT, connections.
        await AddBatches(client, campaign, "warm", 5, 1000, 1);
        await foreach (var _ in client.ListAllLeadsAsync(new ListLeadsRequest { CampaignId = campaign })) { }

        var batches = total / 1000;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var added = await AddBatches(client, campaign, "lead", batches, 1000, concurrency);
        var addSeconds = sw.Elapsed.TotalSeconds;
        var addCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client+sandbox, bulk add: {added:N0} leads in {batches:N0} requests of 1000, {concurrency} in flight: {addSeconds:F2} s = {added / addSeconds:N0} leads/s ({added / addCpu:N0} leads per CPU-second)"));

        cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var listed = 0L;
        await foreach (var _ in client.ListAllLeadsAsync(new ListLeadsRequest { CampaignId = campaign, Limit = 100 })) listed++;
        var listSeconds = sw.Elapsed.TotalSeconds;
        var listCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client+sandbox, list (one walker, limit 100): {listed:N0} leads in {listSeconds:F2} s = {listed / listSeconds:N0} leads/s ({listed / listCpu:N0} leads per CPU-second)"));

        sw.Restart();
        var slices = await ParallelWalks(client, sandbox, campaign, concurrency);
        var parallelSeconds = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"client+sandbox, list ({concurrency} walkers, limit 100): {slices:N0} leads in {parallelSeconds:F2} s = {slices / parallelSeconds:N0} leads/s"));

        // The sandbox alone: bodies serialised beforehand and answers read as bytes, so the client's own cost is out.
        var raw = new RawSandboxLoad(sandbox.BaseAddress, key, sandbox.CampaignIds["Midsize"]);
        var bodies = raw.BulkBodies(batches, 1000);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var rawAdded = await raw.AddAsync(bodies, concurrency);
        var rawAddSeconds = sw.Elapsed.TotalSeconds;
        var rawAddCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sandbox only, bulk add: {rawAdded:N0} leads in {rawAddSeconds:F2} s = {rawAdded / rawAddSeconds:N0} leads/s ({rawAdded / rawAddCpu:N0} leads per CPU-second)"));
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        sw.Restart();
        var rawListed = await raw.ListAllAsync();
        var rawListSeconds = sw.Elapsed.TotalSeconds;
        var rawListCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sandbox only, list: {rawListed:N0} leads in {rawListSeconds:F2} s = {rawListed / rawListSeconds:N0} leads/s ({rawListed / rawListCpu:N0} leads per CPU-second)"));

        var ok = rawAdded / rawAddSeconds >= 50_000 && rawListed / rawListSeconds >= 20_000;
        Console.WriteLine(ok ? "goals met (>= 50,000 in, >= 20,000 out)" : "GOALS NOT MET (>= 50,000 in, >= 20,000 out)");
        return ok ? 0 : 1;
    }

    private static async Task<long> AddBatches(InstantlyHttpClient client, string campaign, string prefix, int batches, int size, int concurrency)
    {
        var next = -1;
        long added = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var leads = new List<NewLead>(size);
                for (var i = 0; i < size; i++)
                    leads.Add(new NewLead($"{prefix}{b}x{i}@company{i % 97}.com", "First", "Last", "Company",
                        CustomVariables: new Dictionary<string, object> { ["merchantName"] = "Shop", ["score"] = i }));
                var result = await client.AddLeadsAsync(new BulkAddRequest(campaign, leads));
                if (!result.IsSuccess) throw new InvalidOperationException($"bulk add failed: {result.Error}");
                Interlocked.Add(ref added, result.Value.LeadsUploaded);
            }
        });
        await Task.WhenAll(workers);
        return added;
    }

    // Walkers start from cursors spread over the campaign, each reading its own slice.
    private static async Task<long> ParallelWalks(InstantlyHttpClient client, SandboxServer sandbox, string campaign, int walkers)
    {
        var ids = sandbox.State.AllLeads(campaign).Select(l => l.Id).ToList();
        var slice = ids.Count / walkers;
        var tasks = Enumerable.Range(0, walkers).Select(async w =>
        {
            var start = w == 0 ? null : ids[w * slice - 1];
            var request = new ListLeadsRequest { CampaignId = campaign, Limit = 100, StartingAfter = start };
            long read = 0;
            while (read < slice)
            {
                var page = await client.ListLeadsAsync(request);
                if (!page.IsSuccess) throw new InvalidOperationException($"list failed: {page.Error}");
                if (page.Value.Items.Count == 0) break;
                read += page.Value.Items.Count;
                request = request with { StartingAfter = page.Value.NextStartingAfter };
            }
            return read;
        });
        return (await Task.WhenAll(tasks)).Sum();
    }

    private static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
