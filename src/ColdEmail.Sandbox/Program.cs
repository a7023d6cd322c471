using System.Globalization;
using System.Runtime.InteropServices;
using ColdEmail.Sandbox.Hosting;

// `dotnet run --project src/ColdEmail.Sandbox -- --urls http://127.0.0.1:5080 --api-key KEY [--strict] [--no-rate-limits]
//   [--seed N] [--state-file path] [--speed N]` — an Instantly API v2 simulator on its own.
var urls = "http://127.0.0.1:5080";
var apiKey = Environment.GetEnvironmentVariable("INSTANTLY_API_KEY") ?? "sandbox-key";
var strict = false;
var rateLimits = true;
var seed = 42;
string? stateFile = null;
var speed = 0.0;
var campaigns = new List<CampaignSpec>();
var noCampaigns = false;
var planLimit = 10_000_000;
var blocklist = new List<string>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--urls": urls = Value(); break;
            case "--api-key": apiKey = Value(); break;
            case "--strict": strict = true; break;
            case "--no-rate-limits": rateLimits = false; break;
            case "--seed": seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--state-file": stateFile = Value(); break;
            case "--speed": speed = double.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--campaign": campaigns.Add(ParseCampaign(Value())); break;
            case "--no-campaigns": noCampaigns = true; break;
            case "--plan-limit": planLimit = int.Parse(Value(), CultureInfo.InvariantCulture); break;
            case "--blocklist": blocklist.AddRange(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
            case "--help" or "-h":
                Console.WriteLine("ColdEmail.Sandbox --urls URL --api-key KEY [--strict] [--no-rate-limits] [--seed N] [--state-file PATH] [--speed N]");
                Console.WriteLine("  [--campaign NAME:DAILY_LIMIT:STEPS]... [--no-campaigns] [--plan-limit N] [--blocklist a@b.com,domain.com]");
                Console.WriteLine("  Without --campaign: SMB (50/day, 5 steps) and Midsize (30/day, 7 steps).");
                Console.WriteLine("  --speed N: the simulated clock runs N times faster than real time (0 = only /_sandbox/clock/advance moves it)");
                return 0;
            default:
                Console.Error.WriteLine($"Unknown argument '{args[i]}' (see --help).");
                return 2;
        }
    }
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var clock = new SimulatedClock(DateTimeOffset.UtcNow);
await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
{
    Urls = urls,
    ApiKey = apiKey,
    Strict = strict,
    RateLimits = rateLimits ? RateLimitOptions.Real : RateLimitOptions.Off,
    Seed = seed,
    StateFile = stateFile,
    TimeProvider = clock,
    Campaigns = noCampaigns ? [] : campaigns.Count > 0 ? campaigns : new SandboxOptions().Campaigns,
    PlanLeadLimit = planLimit,
    Blocklist = blocklist,
});
Console.WriteLine($"Instantly API v2 sandbox listening on {sandbox.BaseAddress} (strict: {strict}, rate limits: {(rateLimits ? "on" : "off")})");
foreach (var (name, id) in sandbox.CampaignIds) Console.WriteLine($"campaign {name} {id}");
Console.WriteLine("Admin endpoints under /_sandbox (see README). Ctrl+C stops.");

// SIGTERM (docker stop, a test harness), SIGINT (Ctrl+C), SIGQUIT: stop, save the state file, exit 0. The web host's
// console lifetime swallows SIGTERM, so without these the process never ended short of kill -9. A second signal exits at once.
using var stop = new CancellationTokenSource();
var signals = 0;
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    if (Interlocked.Increment(ref signals) > 1) Environment.Exit(128 + (context.Signal == PosixSignal.SIGINT ? 2 : 15));
    _ = Task.Run(stop.Cancel);
}
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);
try
{
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
        if (speed > 0) sandbox.Advance(TimeSpan.FromSeconds(speed));
    }
}
catch (OperationCanceledException)
{
    // A signal: stop and save below.
}
await sandbox.StopAsync();
Console.WriteLine("sandbox stopped");
return 0;

static CampaignSpec ParseCampaign(string text)
{
    var parts = text.Split(':');
    if (parts.Length != 3 || parts[0].Length == 0
        || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
        || !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var steps))
        throw new ArgumentException($"--campaign '{text}' must be NAME:DAILY_LIMIT:STEPS, e.g. SMB:50:5");
    return new CampaignSpec(parts[0], limit, steps);
}
