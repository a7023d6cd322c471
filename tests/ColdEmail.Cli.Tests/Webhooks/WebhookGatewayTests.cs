using Akka.Actor;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Pipeline.Gateway;

namespace ColdEmail.Cli.Tests.Webhooks;

/// <summary>
/// The webhook side's Instantly calls (the replay of failed deliveries) go through the gateway WithInstantlyGateway starts,
/// the one every other request takes: its rate limiter grants their permits (the workspace's 100/s and 6,000/min budget) and
/// its breaker guards them. The host has the gateway only, no pipeline supervisor: the calls need nothing else.
/// </summary>
public sealed class WebhookGatewayTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_replays_calls_take_the_shared_gateways_rate_limiter_permits()
    {
        await using var sandbox = await _ws.StartWorkspaceAsync();
        using var raw = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey });
        await using var host = await WebhookTestHost.StartAsync(_ws, gateway: raw);
        var gateway = host.Actors.Get<InstantlyGatewayActor>();
        async Task<long> GrantedAsync() => (await gateway.Ask<RateLimiterStatus>(GetRateLimiterStatus.Instance, TimeSpan.FromSeconds(10))).Granted;
        var before = await GrantedAsync();

        var report = await host.Replay.ReplayOnceAsync(CancellationToken.None);

        Assert.NotNull(report);
        Assert.Null(report.Error);
        Assert.True(await GrantedAsync() > before, "the replay's list of failed deliveries did not take a permit of the shared limiter");
    }
}
