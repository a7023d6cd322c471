using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Instantly.Tests;

/// <summary>A real sandbox on Kestrel (loopback, port 0) and a real client pointed at it.</summary>
internal sealed class ClientEnv : IAsyncDisposable
{
    public const string Key = "test-secret-key-7f3a9c";

    private ClientEnv(SandboxServer sandbox, InstantlyHttpClient client, SimulatedClock clock)
    {
        Sandbox = sandbox;
        Client = client;
        Clock = clock;
    }

    public SandboxServer Sandbox { get; }
    public InstantlyHttpClient Client { get; }
    public SimulatedClock Clock { get; }
    public string Smb => Sandbox.CampaignIds["SMB"];
    public string Midsize => Sandbox.CampaignIds["Midsize"];

    public static async Task<ClientEnv> StartAsync(
        Func<SimulatedClock, SandboxOptions>? options = null, TimeSpan? clientTimeout = null, string? clientKey = null)
    {
        var clock = new SimulatedClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var sandbox = await SandboxServer.StartAsync(options?.Invoke(clock) ?? Strict(clock));
        var client = new InstantlyHttpClient(new InstantlyClientOptions
        {
            BaseAddress = sandbox.BaseAddress,
            ApiKey = clientKey ?? Key,
            Timeout = clientTimeout ?? TimeSpan.FromSeconds(30),
        }, clock);
        return new ClientEnv(sandbox, client, clock);
    }

    public static SandboxOptions Strict(SimulatedClock clock, FaultOptions? faults = null, OutcomeProbabilities? outcomes = null,
        RateLimitOptions? limits = null) => new()
    {
        ApiKey = Key,
        Strict = true,
        TimeProvider = clock,
        RateLimits = limits ?? RateLimitOptions.Off,
        Faults = faults ?? FaultOptions.None,
        Outcomes = outcomes ?? OutcomeProbabilities.Typical,
        Seed = 7,
    };

    public static IReadOnlyList<NewLead> Leads(int count, string prefix = "lead", int start = 0) =>
        Enumerable.Range(start, count).Select(i => new NewLead($"{prefix}{i}@example{i % 7}.com", $"First{i}", $"Last{i}", $"Company {i}",
            CustomVariables: new Dictionary<string, object> { ["merchantName"] = $"Shop {i}", ["revenue"] = i * 1000, ["vip"] = i % 2 == 0 })).ToList();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sandbox.DisposeAsync();
    }
}
