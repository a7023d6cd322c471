using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Tests;

/// <summary>A sandbox on loopback and a plain HttpClient that sends exactly the bytes a test writes.</summary>
internal sealed class RawApi : IAsyncDisposable
{
    public const string Key = "sandbox-test-key";
    private readonly HttpClient _http;

    private RawApi(SandboxServer sandbox, SimulatedClock clock)
    {
        Sandbox = sandbox;
        Clock = clock;
        _http = new HttpClient { BaseAddress = sandbox.BaseAddress };
    }

    public SandboxServer Sandbox { get; }
    public SimulatedClock Clock { get; }
    public string Smb => Sandbox.CampaignIds["SMB"];
    public string Midsize => Sandbox.CampaignIds["Midsize"];

    public static async Task<RawApi> StartAsync(bool strict = true, OutcomeProbabilities? outcomes = null, FaultOptions? faults = null,
        RateLimitOptions? limits = null, IReadOnlyList<CampaignSpec>? campaigns = null, IReadOnlyCollection<string>? blocklist = null,
        string? stateFile = null, int seed = 42, SimulatedClock? clock = null)
    {
        clock ??= new SimulatedClock(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions
        {
            ApiKey = Key,
            Strict = strict,
            TimeProvider = clock,
            RateLimits = limits ?? RateLimitOptions.Off,
            Faults = faults ?? FaultOptions.None,
            Outcomes = outcomes ?? OutcomeProbabilities.Typical,
            Campaigns = campaigns ?? [("SMB", 50, 5), ("Midsize", 30, 7)],
            Blocklist = blocklist ?? [],
            StateFile = stateFile,
            Seed = seed,
        });
        return new RawApi(sandbox, clock);
    }

    public Task<Answer> SendAsync(HttpMethod method, string path, JsonNode? body, string? key = Key, string? contentType = "application/json") =>
        SendRawAsync(method, path, body?.ToJsonString(), key, contentType);

    public async Task<Answer> SendRawAsync(HttpMethod method, string path, string? body, string? key = Key, string? contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null || contentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? ""));
            if (contentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.RetryAfter?.Delta);
    }

    /// <summary>A bulk add of <paramref name="count"/> fresh leads into a campaign.</summary>
    public async Task<JsonNode> AddLeadsAsync(string campaignId, int count, string prefix = "p", bool skipIfInWorkspace = true)
    {
        var leads = new JsonArray();
        for (var i = 0; i < count; i++) leads.Add(new JsonObject { ["email"] = $"{prefix}{i}@corp{i % 13}.com", ["first_name"] = $"F{i}" });
        var answer = await SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject
        {
            ["campaign_id"] = campaignId, ["skip_if_in_workspace"] = skipIfInWorkspace, ["leads"] = leads,
        });
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Body!;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Sandbox.DisposeAsync();
    }
}

internal sealed record Answer(HttpStatusCode Status, JsonNode? Body, TimeSpan? RetryAfter)
{
    public int Code => (int)Status;
    public string? Message => Body is JsonObject o ? o["message"]?.GetValue<string>() : null;
    public override string ToString() => $"{Code} {Body?.ToJsonString()}";
}
