using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.Gateway;

/// <summary>The gateway actor in front of the real sandbox over HTTP, with the breaker on virtual time.</summary>
public sealed class InstantlyGatewayTests() : TestKit(VirtualTimeConfig.Hocon), IAsyncLifetime
{
    private static readonly CircuitBreakerOptions Breaker = new() { CoolDown = TimeSpan.FromSeconds(30) };
    private SandboxServer _sandbox = null!;
    private InstantlyHttpClient _client = null!;

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false });
        _client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = _sandbox.BaseAddress, ApiKey = _sandbox.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
    }

    private IActorRef Gateway() => Sys.ActorOf(InstantlyGatewayActor.Props(_client, new RateLimiterOptions { Enabled = false }, Breaker));

    private InstantlyResult<Campaign> GetCampaign(IActorRef gateway)
    {
        gateway.Tell(new InstantlyCall(new GetCampaignOperation(_sandbox.CampaignIds["SMB"])));
        return ExpectMsg<GatewayReply<Campaign>>(TimeSpan.FromSeconds(10)).Result;
    }

    [Fact]
    public void Calls_reach_Instantly_and_answers_come_back_typed()
    {
        var result = GetCampaign(Gateway());
        Assert.True(result.IsSuccess);
        Assert.Equal("SMB", result.Value.Name);
    }

    [Fact]
    public void Server_errors_open_the_circuit_then_callers_are_refused_without_a_request()
    {
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events, typeof(CircuitBreakerStateChanged));
        var gateway = Gateway();
        _sandbox.SetFaults(new FaultOptions(ServerErrorRate: 1.0));

        for (var i = 0; i < 10; i++) Assert.Equal(500, GetCampaign(gateway).Error?.StatusCode);
        Assert.Equal(CircuitState.Open, events.ExpectMsg<CircuitBreakerStateChanged>().To);

        _sandbox.SetFaults(FaultOptions.None);
        var refused = GetCampaign(gateway);
        Assert.Equal(InstantlyErrorKind.CircuitOpen, refused.Error?.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.Error?.RetryAfter);

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, events.ExpectMsg<CircuitBreakerStateChanged>().To);
        Assert.True(GetCampaign(gateway).IsSuccess);
        Assert.Equal(CircuitState.Closed, events.ExpectMsg<CircuitBreakerStateChanged>().To);
    }

    [Fact]
    public void Rate_limited_answers_do_not_open_the_circuit()
    {
        var gateway = Gateway();
        _sandbox.SetFaults(new FaultOptions(TooManyRequestsRate: 1.0));
        for (var i = 0; i < 12; i++) Assert.Equal(429, GetCampaign(gateway).Error?.StatusCode);
        gateway.Tell(GetCircuitStatus.Instance);
        Assert.Equal(CircuitState.Closed, ExpectMsg<CircuitStatus>().State);
        gateway.Tell(GetRateLimiterStatus.Instance);
        Assert.True(ExpectMsg<RateLimiterStatus>().RateLimitedCount >= 12);
    }

    [Fact]
    public void The_facade_waits_out_an_open_circuit_and_then_delivers_the_call()
    {
        var gateway = Gateway();
        var api = new GatewayInstantlyApi(gateway, Sys.Scheduler);
        _sandbox.SetFaults(new FaultOptions(ServerErrorRate: 1.0));
        for (var i = 0; i < 10; i++) GetCampaign(gateway);

        _sandbox.SetFaults(FaultOptions.None);
        var waiting = api.GetCampaignAsync(_sandbox.CampaignIds["Midsize"]);
        AwaitAssert(() =>
        {
            Clock.Advance(TimeSpan.FromSeconds(5));
            Assert.True(waiting.IsCompleted);
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.True(waiting.Result.IsSuccess);
        Assert.Equal("Midsize", waiting.Result.Value.Name);
    }
}

/// <summary>The block-list call goes through the gateway like every other request.</summary>
public sealed class GatewayBlockListTests() : TestKit(VirtualTimeConfig.Hocon), IAsyncLifetime
{
    private SandboxServer _sandbox = null!;
    private InstantlyHttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false });
        _client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = _sandbox.BaseAddress, ApiKey = _sandbox.ApiKey });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _sandbox.DisposeAsync();
    }

    [Fact]
    public async Task The_facade_forwards_block_list_entries_through_the_gateway()
    {
        var gateway = Sys.ActorOf(InstantlyGatewayActor.Props(_client, new RateLimiterOptions { Enabled = false }, new CircuitBreakerOptions()));
        var api = new GatewayInstantlyApi(gateway, Sys.Scheduler);

        var result = await api.AddBlockListEntriesAsync(["gone@acme.com", "competitor.com", "not an address"]);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(new BlockListBulkResult(2, 1), result.Value);
        Assert.True(_sandbox.State.IsOnBlockList("gone@acme.com"));
        Assert.True(_sandbox.State.IsOnBlockList("anyone@competitor.com"));
    }
}
