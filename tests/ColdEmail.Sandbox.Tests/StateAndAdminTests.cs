using System.Net;
using System.Text.Json.Nodes;
using ColdEmail.Sandbox.Engine;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Tests;

public sealed class StateAndAdminTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sandbox-state-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task State_saved_on_stop_is_loaded_on_start_with_ids_campaigns_and_progress()
    {
        var file = Path.Combine(_dir, "state.json");
        string smb;
        IReadOnlyList<Sandbox.State.LeadSnapshot> before;
        await using (var api = await RawApi.StartAsync(stateFile: file, outcomes: OutcomeProbabilities.Nothing))
        {
            smb = api.Smb;
            await api.AddLeadsAsync(api.Smb, 70);
            api.Sandbox.AdvanceDays(1);
            before = api.Sandbox.State.AllLeads();
        }

        await using var again = await RawApi.StartAsync(stateFile: file, outcomes: OutcomeProbabilities.Nothing);
        var after = again.Sandbox.State.AllLeads();
        var more = await again.AddLeadsAsync(smb, 1, "new");

        Assert.Equal(smb, again.Smb);
        Assert.Equal(before.Select(l => (l.Id, l.Email, l.StepsSent, l.Status)), after.Select(l => (l.Id, l.Email, l.StepsSent, l.Status)));
        Assert.True(string.CompareOrdinal(more["created_leads"]![0]!["id"]!.GetValue<string>(), before[^1].Id) > 0);
        Assert.Equal(71, again.Sandbox.State.CountLeads(smb));
    }

    [Fact]
    public async Task A_corrupt_state_file_fails_the_start_naming_the_file()
    {
        var file = Path.Combine(_dir, "broken.json");
        await File.WriteAllTextAsync(file, "{ not json");

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => RawApi.StartAsync(stateFile: file));

        Assert.Contains("broken.json", ex.Message);
    }

    [Fact]
    public async Task Admin_endpoints_advance_inspect_fault_and_reset()
    {
        await using var api = await RawApi.StartAsync(outcomes: OutcomeProbabilities.Nothing);
        await api.AddLeadsAsync(api.Smb, 3);

        var advanced = await api.SendAsync(HttpMethod.Post, "/_sandbox/clock/advance", new JsonObject { ["days"] = 2 }, key: null);
        var leads = await api.SendAsync(HttpMethod.Get, $"/_sandbox/leads?campaign={api.Smb}", null, key: null, contentType: null);
        var one = await api.SendAsync(HttpMethod.Get, "/_sandbox/leads?email=p1@corp1.com", null, key: null, contentType: null);
        var faults = await api.SendAsync(HttpMethod.Put, "/_sandbox/faults", new JsonObject { ["server_error_rate"] = 1 }, key: null);
        var failing = await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null);
        var badFaults = await api.SendAsync(HttpMethod.Put, "/_sandbox/faults", new JsonObject { ["drop_rate"] = 3 }, key: null);
        var reset = await api.SendAsync(HttpMethod.Post, "/_sandbox/reset", null, key: null, contentType: null);
        var afterReset = await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null);

        Assert.Equal(200, advanced.Code);
        Assert.Equal(2, advanced.Body!["days_run"]!.GetValue<int>());
        Assert.Equal(3, leads.Body!["count"]!.GetValue<int>());
        Assert.Equal(1, one.Body!["count"]!.GetValue<int>());
        Assert.Equal(200, faults.Code);
        Assert.Equal(500, failing.Code);
        Assert.Equal(400, badFaults.Code);
        Assert.Equal(200, reset.Code);
        Assert.Equal(0, api.Sandbox.State.LeadCount);
        Assert.Equal(200, afterReset.Code);
    }

    [Fact]
    public async Task Faults_follow_the_seed()
    {
        async Task<string> Codes(int seed)
        {
            await using var api = await RawApi.StartAsync(faults: new FaultOptions(ServerErrorRate: 0.3, TooManyRequestsRate: 0.2), seed: seed);
            var codes = new List<int>();
            for (var i = 0; i < 40; i++) codes.Add((await api.SendAsync(HttpMethod.Get, "/api/v2/campaigns", null, contentType: null)).Code);
            return string.Join(",", codes);
        }

        var first = await Codes(5);

        Assert.Equal(first, await Codes(5));
        Assert.Contains("500", first);
        Assert.Contains("429", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task An_applied_write_whose_answer_is_lost_still_took_effect()
    {
        await using var api = await RawApi.StartAsync(faults: new FaultOptions(AppliedButLostRate: 1));
        var leads = new JsonArray(new JsonObject { ["email"] = "x@y.com" });

        Answer? answer = null;
        Exception? dropped = null;
        try { answer = await api.SendAsync(HttpMethod.Post, "/api/v2/leads/add", new JsonObject { ["campaign_id"] = api.Smb, ["leads"] = leads }); }
        catch (HttpRequestException ex) { dropped = ex; }

        Assert.True(dropped is not null || answer!.Status == HttpStatusCode.InternalServerError);
        Assert.Single(api.Sandbox.State.FindByEmail("x@y.com"));
    }
}

public sealed class StartupTests
{
    [Fact]
    public async Task A_port_in_use_fails_the_start_and_a_second_sandbox_can_start_elsewhere()
    {
        await using var first = await RawApi.StartAsync();
        var taken = first.Sandbox.BaseAddress;

        await Assert.ThrowsAnyAsync<IOException>(() => Hosting.SandboxServer.StartAsync(new Hosting.SandboxOptions { Urls = $"http://127.0.0.1:{taken.Port}" }));
        await using var second = await RawApi.StartAsync();

        Assert.NotEqual(taken.Port, second.Sandbox.BaseAddress.Port);
    }

    [Fact]
    public async Task Options_with_impossible_values_are_refused_naming_them()
    {
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Hosting.SandboxServer.StartAsync(
            new Hosting.SandboxOptions { Faults = new Faults.FaultOptions(DropRate: 1.5) }));

        Assert.Contains("DropRate", ex.Message);
    }
}
