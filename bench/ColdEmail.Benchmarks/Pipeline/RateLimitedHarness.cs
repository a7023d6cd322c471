using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Benchmarks.Pipeline;

/// <summary>
/// The gateway against the sandbox with its real limits on (100 requests/s, 6,000/min, sliding
/// windows): many callers push as hard as they can; the limiter must keep the workspace at ≥ 95 % of
/// the limit and stop drawing 429s once it has adapted.
/// </summary>
public sealed class RateLimitedHarness : IHarness
{
    public string Name => "pipeline-ratelimit";
    public string Description => "gateway under the sandbox's real limits: --seconds S (default 90), --callers N (default 128)";

    public async Task<int> RunAsync(string[] args)
    {
        var seconds = PipelineBench.IntArg(args, "--seconds", 90);
        var callers = PipelineBench.IntArg(args, "--callers", 128);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Real, SaveOnStop = false });
        using var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey });
        using var system = ActorSystem.Create("ratelimit-bench", ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var gateway = system.ActorOf(InstantlyGatewayActor.Props(client, new RateLimiterOptions(), new CircuitBreakerOptions(), new GatewayOptions { MaxInFlight = 256 }), "gateway");
        var api = new GatewayInstantlyApi(gateway, system.Scheduler);
        var campaign = sandbox.CampaignIds["SMB"];

        var done = new ConcurrentQueue<(double At, bool RateLimited, bool Ok)>();
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var r = await api.GetCampaignAsync(campaign);
                done.Enqueue((watch.Elapsed.TotalSeconds, r.Error?.StatusCode == 429, r.IsSuccess));
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var all = done.ToArray();
        var limited = all.Where(d => d.RateLimited).ToArray();
        var lastLimited = limited.Length == 0 ? 0 : limited.Max(d => d.At);
        var steadyFrom = Math.Max(10, Math.Ceiling(lastLimited));
        var steady = all.Where(d => d.At >= steadyFrom && d.Ok).Count() / Math.Max(0.001, seconds - steadyFrom);
        var overall = all.Count(d => d.Ok) / (double)seconds;
        var fullMinute = seconds >= 70 ? all.Count(d => d.Ok && d.At >= seconds - 60) / 60.0 : double.NaN;
        gateway.Tell(GetRateLimiterStatus.Instance);
        Console.WriteLine($"{all.Length:N0} requests in {seconds} s by {callers} callers; {limited.Length} answered 429, the last at {lastLimited:F1} s");
        Console.WriteLine($"successful requests: {overall:F1}/s overall, {steady:F1}/s from {steadyFrom:F0} s on (after the last 429), " +
            $"{fullMinute:F1}/s over the last 60 s (limit 100/s and 6,000/min: {fullMinute / 100:P1} of it)".Replace("NaN", "n/a"));
        var status = await gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, TimeSpan.FromSeconds(5));
        Console.WriteLine($"limiter: delay {status.CurrentDelay.TotalMilliseconds:F2} ms, learned floor {status.LearnedFloor.TotalMilliseconds:F2} ms, granted {status.Granted:N0}; load average {PipelineBench.LoadAverage()}");
        return 0;
    }
}
