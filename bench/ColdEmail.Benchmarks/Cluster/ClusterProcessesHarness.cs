using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ColdEmail.Pipeline.Cluster.Status;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Postgres;
using Npgsql;

namespace ColdEmail.Benchmarks.Cluster;

/// <summary>
/// Issue 13's process-level figures (bench/cluster.sh runs it): three `coldemail run` processes in cluster mode on loopback, the
/// journal AND the warehouse on a PostgreSQL 15 started from the machine's binaries (three processes cannot share one DuckDB
/// file), the sandbox as its own process with its real limits, N ready leads. During the sync it kill -9s a node hosting
/// campaigns and times their resumption elsewhere, restarts it, then SIGTERMs a node and times the hand-over. At the end it
/// reads what the sandbox saw. Exit 1 when a hard goal fails: duplicates, lost leads, more than 100 requests/s or 6,000/min.
/// </summary>
public sealed class ClusterProcessesHarness : IHarness
{
    private const string ApiKey = "bench-cluster-key";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    public string Name => "cluster-processes";
    public string Description => "3 `coldemail run` nodes + PostgreSQL + sandbox process: req/s, kill -9 and SIGTERM fail-over, duplicates, lost leads";

    public async Task<int> RunAsync(string[] args)
    {
        var leads = Arg(args, "--leads", 20_000);
        var dll = ArgText(args, "--dll") ?? throw new ArgumentException("--dll path/to/coldemail.dll");
        var work = ArgText(args, "--work") ?? Directory.CreateTempSubdirectory("coldemail-cluster-bench-").FullName;
        Directory.CreateDirectory(work);
        Console.WriteLine($"cluster bench: {leads} ready leads, work dir {work}");

        await using var pg = await LocalPostgres.StartAsync(work);
        await pg.CreateDatabaseAsync("warehouse");
        await pg.CreateDatabaseAsync("journal");
        var env = new Dictionary<string, string>
        {
            ["INSTANTLY_API_KEY"] = ApiKey,
            ["COLDEMAIL_POSTGRES"] = pg.ConnectionString("warehouse"),
            ["COLDEMAIL_JOURNAL_POSTGRES"] = pg.ConnectionString("journal"),
        };

        var sandboxUrl = $"http://127.0.0.1:{LocalPostgres.FreePort()}";
        File.WriteAllText(Path.Combine(work, "sandbox.conf"), BenchConfig.Sandbox(leads));
        using var sandbox = ColdEmailProcess.Start(dll, env, Path.Combine(work, "sandbox.log"),
            "--config", Path.Combine(work, "sandbox.conf"), "sandbox", "--urls", sandboxUrl, "--api-key", ApiKey);
        if (!await sandbox.WaitForOutputAsync("Ctrl-C stops", Bound)) throw new InvalidOperationException("sandbox did not start:\n" + sandbox.Output);
        var ids = sandbox.Output.Split('\n').Where(l => l.StartsWith("campaign ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')).ToDictionary(p => p[1], p => p[2]);
        using var sandboxHttp = new HttpClient { BaseAddress = new Uri(sandboxUrl), Timeout = TimeSpan.FromMinutes(2) };

        var ports = Enumerable.Range(0, 3).Select(_ => LocalPostgres.FreePort()).ToList();
        var httpPorts = Enumerable.Range(0, 3).Select(_ => LocalPostgres.FreePort()).ToList();
        var configs = Enumerable.Range(0, 3).Select(i =>
        {
            var path = Path.Combine(work, $"node{i + 1}.conf");
            File.WriteAllText(path, BenchConfig.Node(leads, ids, sandboxUrl, ports[i], ports, httpPorts[i]));
            return path;
        }).ToList();

        using (var init = ColdEmailProcess.Start(dll, env, Path.Combine(work, "init.log"), "--config", configs[0], "init"))
            if (await init.WaitForExitAsync(Bound) != 0) throw new InvalidOperationException("coldemail init failed:\n" + init.Output);
        var ready = await SeedAsync(pg.ConnectionString("warehouse"), leads);
        Console.WriteLine($"warehouse: {ready} ready leads (v_ready_for_instantly)");

        var nodes = new ColdEmailProcess?[3];
        var statusUrls = httpPorts.Select(p => new Uri($"http://127.0.0.1:{p}/cluster")).ToList();
        var addresses = ports.Select(p => $"akka.tcp://coldemail@127.0.0.1:{p}").ToList();
        ColdEmailProcess StartNode(int i, string suffix = "") =>
            nodes[i] = ColdEmailProcess.Start(dll, env, Path.Combine(work, $"node{i + 1}{suffix}.log"), "--config", configs[i], "run");
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < 3; i++) StartNode(i);
            var view = await StatusUntilAsync(statusUrls, v => v.Members.Count(m => m.Status == "Up") == 3 && v.Unplaced.Count == 0 && v.Campaigns.Count == BenchConfig.Campaigns.Length);
            Console.WriteLine($"cluster up with every campaign placed after {clock.Elapsed.TotalSeconds:0} s");

            // kill -9 a node that hosts campaigns (not the oldest: its singletons are another story) once a third is enrolled.
            await EnrolledAtLeastAsync(pg.ConnectionString("warehouse"), ready / 3, TimeSpan.FromMinutes(15));
            var killed = await FailOverAsync(nodes, statusUrls, addresses, view, kill: true);
            StartNode(killed.Index, "-restarted");
            await StatusUntilAsync(statusUrls, v => v.Members.Count(m => m.Status == "Up") == 3);

            // SIGTERM another node hosting campaigns: the hand-over.
            view = await StatusUntilAsync(statusUrls, v => v.Unplaced.Count == 0);
            var termed = await FailOverAsync(nodes, statusUrls, addresses, view, kill: false);

            // Back to three, then kill -9 the oldest node: its campaigns, every singleton and the shard coordinator move.
            StartNode(termed.Index, "-restarted");
            view = await StatusUntilAsync(statusUrls, v => v.Members.Count(m => m.Status == "Up") == 3 && v.Unplaced.Count == 0);
            var oldest = await OldestFailOverAsync(nodes, statusUrls, addresses, view);

            var left = await UntilAllEnrolledAsync(pg.ConnectionString("warehouse"), TimeSpan.FromMinutes(20));
            var seen = await SandboxObservations.ReadAsync(sandboxHttp);
            var recorded = await RecordedAsync(pg.ConnectionString("warehouse"));
            return Report(seen, recorded, ready, left, killed.Seconds, termed.Seconds, oldest);
        }
        finally
        {
            foreach (var n in nodes.OfType<ColdEmailProcess>().Where(n => !n.Exited)) n.Terminate();
            foreach (var n in nodes.OfType<ColdEmailProcess>()) await Settle(n);
            foreach (var n in nodes.OfType<ColdEmailProcess>()) n.Dispose();
            sandbox.Terminate();
            await Settle(sandbox);
        }
    }

    private static async Task Settle(ColdEmailProcess p)
    {
        try
        {
            await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
        catch (OperationCanceledException)
        {
            p.Kill();
        }
    }

    /// <summary>Stops the node hosting the most campaigns (oldest last) and times until all of them run on other nodes.</summary>
    private static async Task<(int Index, double Seconds)> FailOverAsync(ColdEmailProcess?[] nodes, IReadOnlyList<Uri> urls, IReadOnlyList<string> addresses, ClusterStatusView view, bool kill)
    {
        var oldest = view.Members.FirstOrDefault(m => m.Oldest)?.Address;
        var victim = view.Campaigns.GroupBy(c => c.Node).OrderBy(g => g.Key == oldest ? 1 : 0).ThenByDescending(g => g.Count()).First();
        var index = addresses.ToList().IndexOf(victim.Key);
        var moving = victim.Select(c => c.Campaign).ToHashSet();
        var watch = Stopwatch.StartNew();
        if (kill) nodes[index]!.Kill();
        else nodes[index]!.Terminate();
        var others = urls.Where((_, i) => i != index).ToList();
        await StatusUntilAsync(others, v => moving.All(c => v.Campaigns.Any(p => p.Campaign == c && p.Node != victim.Key)));
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{(kill ? "kill -9" : "SIGTERM")} of node {index + 1} ({moving.Count} campaigns): resumed elsewhere after {seconds:0.0} s");
        return (index, seconds);
    }

    /// <summary>
    /// Kills the oldest node (the singletons and the shard coordinator live there) and times until its campaigns run on other
    /// nodes and every singleton runs on a survivor.
    /// </summary>
    private static async Task<double> OldestFailOverAsync(ColdEmailProcess?[] nodes, IReadOnlyList<Uri> urls, IReadOnlyList<string> addresses, ClusterStatusView view)
    {
        var oldest = view.Members.Single(m => m.Oldest).Address;
        var index = addresses.ToList().IndexOf(oldest);
        var moving = view.Campaigns.Where(c => c.Node == oldest).Select(c => c.Campaign).ToHashSet();
        var watch = Stopwatch.StartNew();
        nodes[index]!.Kill();
        var others = urls.Where((_, i) => i != index).ToList();
        await StatusUntilAsync(others, v => moving.All(c => v.Campaigns.Any(p => p.Campaign == c && p.Node != oldest))
            && v.Singletons.Count > 0 && v.Singletons.All(s => s.Node is not null && s.Node != oldest));
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"kill -9 of the oldest node {index + 1} ({moving.Count} campaigns and the singletons): resumed elsewhere after {seconds:0.0} s");
        return seconds;
    }

    private static async Task<ClusterStatusView?> Get(Uri url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.GetAsync(url);
        return response.IsSuccessStatusCode ? JsonSerializer.Deserialize<ClusterStatusView>(await response.Content.ReadAsStringAsync(), ClusterStatusJson.Options) : null;
    }

    private static async Task<ClusterStatusView> StatusUntilAsync(IReadOnlyList<Uri> urls, Func<ClusterStatusView, bool> ok)
    {
        var until = DateTime.UtcNow + Bound;
        while (true)
        {
            foreach (var url in urls)
            {
                try
                {
                    if (await Get(url) is { } view && ok(view)) return view;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not up yet, or going away.
                }
            }
            if (DateTime.UtcNow > until) throw new TimeoutException("the cluster did not reach the expected state within " + Bound);
            await Task.Delay(250);
        }
    }

    private static async Task<long> SeedAsync(string connection, int leads)
    {
        await using var warehouse = new PostgresLeadWarehouse(new PostgresWarehouseOptions(connection));
        await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(7, ProspectMix.Clean).Generate(leads));
        var ready = await ScalarAsync(connection, "SELECT count(*) FROM v_ready_for_instantly");
        if (ready >= leads || ready == 0) return ready;
        // Some prospects are not eligible: load as many more as it takes for the wanted number of READY leads.
        await ScalarAsync(connection, "TRUNCATE eligible_leads");
        await warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(7, ProspectMix.Clean).Generate((int)Math.Ceiling(leads * (double)leads / ready * 1.02)));
        return await ScalarAsync(connection, "SELECT count(*) FROM v_ready_for_instantly");
    }

    private static async Task EnrolledAtLeastAsync(string connection, long count, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (await ScalarAsync(connection, "SELECT count(*) FROM ops_inst_state WHERE status = 'active'") < count)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"fewer than {count} leads enrolled after {timeout}");
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until nothing is ready any more, or nothing moved for 2 minutes; the leads still ready.</summary>
    private static async Task<long> UntilAllEnrolledAsync(string connection, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = -1L;
        var since = DateTime.UtcNow;
        while (true)
        {
            var left = await ScalarAsync(connection, "SELECT count(*) FROM v_ready_for_instantly");
            if (left == 0 || DateTime.UtcNow > until || DateTime.UtcNow - since > TimeSpan.FromMinutes(2)) return left;
            if (left != last) (last, since) = (left, DateTime.UtcNow);
            await Task.Delay(1000);
        }
    }

    private static async Task<HashSet<string>> RecordedAsync(string connection)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT lower(trim(email)) FROM ops_inst_state WHERE status = 'active'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) set.Add(reader.GetString(0));
        return set;
    }

    private static async Task<long> ScalarAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync() ?? 0L, CultureInfo.InvariantCulture);
    }

    private static int Report(SandboxObservations seen, HashSet<string> recorded, long ready, long left, double killSeconds, double termSeconds, double oldestSeconds)
    {
        var inSandbox = seen.LeadEmails.ToHashSet(StringComparer.Ordinal);
        var lostInInstantly = recorded.Count(e => !inSandbox.Contains(e));
        var unrecorded = inSandbox.Count(e => !recorded.Contains(e));
        var lost = lostInInstantly + unrecorded;
        var span = Math.Max(1, seen.LastSecond - seen.FirstSecond + 1);
        Console.WriteLine();
        Console.WriteLine("== cluster bench (3 processes, PostgreSQL journal + warehouse, sandbox with real limits) ==");
        Console.WriteLine($"ready leads at start            {ready}");
        Console.WriteLine($"enrolled (sandbox)              {inSandbox.Count}   still ready at the end: {left}");
        Console.WriteLine($"requests seen by the sandbox    {seen.Seconds.Sum(s => s.Requests)} over {span} s (avg {seen.Seconds.Sum(s => s.Requests) / (double)span:0.0}/s)");
        Console.WriteLine($"max requests in one second      {seen.MaxPerSecond}   (goal <= 100)");
        Console.WriteLine($"max requests in one minute      {seen.MaxPerMinute}   (goal <= 6000)");
        Console.WriteLine($"429s                            {seen.RateLimited}, after the first adaptation {seen.RateLimitedAfterFirstAdaptation}   (goal 0)");
        Console.WriteLine($"kill -9: campaigns resumed in   {killSeconds:0.0} s   (goal <= 30 s)");
        Console.WriteLine($"SIGTERM hand-over in            {termSeconds:0.0} s   (goal <= 5 s)");
        Console.WriteLine($"kill -9 of the oldest: resumed  {oldestSeconds:0.0} s   (campaigns and singletons; goal <= 30 s)");
        Console.WriteLine($"duplicates in the sandbox       {seen.Duplicates}   (goal 0)");
        Console.WriteLine($"leads lost                      {lost} ({lostInInstantly} recorded but not in Instantly, {unrecorded} in Instantly but not recorded)   (goal 0)");
        var hard = new List<string>();
        if (seen.Duplicates > 0) hard.Add("duplicates");
        if (lost > 0) hard.Add("lost leads");
        if (seen.MaxPerSecond > 100) hard.Add("more than 100 requests/s");
        if (seen.MaxPerMinute > 6000) hard.Add("more than 6,000 requests/min");
        Console.WriteLine(hard.Count == 0 ? "hard goals: met" : "HARD GOALS FAILED: " + string.Join(", ", hard));
        return hard.Count == 0 ? 0 : 1;
    }

    private static int Arg(string[] args, string name, int fallback) =>
        ArgText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? ArgText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
