using ColdEmail.Cli.Planning;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Instantly.Http;
using ColdEmail.Sandbox.Hosting;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Tests.Planning;

/// <summary>
/// The ports `plan` hands the dry runs, over a real DuckDB file and the simulator over HTTP: reads reach the adapter, every
/// write is refused before it reaches it. (That the dry runs never call one is proved by `plan` succeeding in
/// <see cref="PlanEqualsRunTests"/>: a refused write fails the plan.)
/// </summary>
public sealed class ReadOnlyPortsTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_warehouse_reads_and_refuses_every_write()
    {
        await using var real = await _ws.OpenWarehouseAsync();
        var row = new LeadStateRow("a@shop.com", "c-1", "smb", LeadState.Active, "lead-1", null, "enrolled", DateTimeOffset.UtcNow);
        await real.UpsertLeadStatesAsync([row]);
        var dry = ReadOnlyPorts.Warehouse(real);

        Assert.Equal(1, (await dry.CountActiveByCampaignAsync())["c-1"]);
        var refused = await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.UpsertLeadStatesAsync([row with { Email = "b@shop.com" }]));
        Assert.Contains("UpsertLeadStatesAsync", refused.Message);
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.RecordDrainsAsync([]));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.AddSuppressionsAsync([new Suppression("a@shop.com", "unsubscribed", DateTimeOffset.UtcNow)]));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.MarkDrainCheckedAsync([new LeadKey("a@shop.com", "c-1")], DateTimeOffset.UtcNow));
        Assert.Equal(1, (await real.CountActiveByCampaignAsync())["c-1"]);
        Assert.Null(await real.FindSuppressionAsync("a@shop.com"));
    }

    [Fact]
    public async Task Instantly_reads_and_refuses_every_write()
    {
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimits = RateLimitOptions.Off, SaveOnStop = false });
        using var client = new InstantlyHttpClient(new InstantlyClientOptions { BaseAddress = sandbox.BaseAddress, ApiKey = sandbox.ApiKey });
        var campaign = sandbox.CampaignIds.Values.First();
        var existing = await client.CreateLeadAsync(new CreateLeadRequest(campaign, new NewLead("kept@shop.com")));
        Assert.True(existing.IsSuccess, existing.Error?.ToString());
        var dry = ReadOnlyPorts.Instantly(client);
        var (leads, blocked) = (sandbox.State.LeadCount, sandbox.State.BlockList.Count);

        Assert.True((await dry.GetCampaignAsync(campaign)).IsSuccess);
        Assert.Equal("kept@shop.com", (await dry.GetLeadAsync(existing.Value.Id)).Value?.Email);
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.AddLeadsAsync(new BulkAddRequest(campaign, [new NewLead("new@shop.com")])));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.DeleteLeadAsync(existing.Value.Id));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.DeleteLeadsAsync(campaign, [existing.Value.Id]));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.AddBlockListEntriesAsync(["kept@shop.com"]));
        await Assert.ThrowsAsync<DryRunWriteRefusedException>(() => dry.StartEmailVerificationAsync("kept@shop.com"));
        Assert.Equal(leads, sandbox.State.LeadCount);
        Assert.Equal(blocked, sandbox.State.BlockList.Count);
        Assert.Single(sandbox.State.FindByEmail("kept@shop.com"));
    }
}
