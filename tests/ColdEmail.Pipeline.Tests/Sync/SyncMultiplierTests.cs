using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Leads;
using ColdEmail.Pipeline.Inventory;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// The campaign plans with the auto-scaled multiplier when it is on and the history suffices, against the
/// sandbox and a DuckDB file holding two weeks of drains (in another campaign: they only feed the statistics).
/// </summary>
public sealed class SyncMultiplierTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { BatchSize = 50, InRunRetryDelay = TimeSpan.Zero };
    private PipelineWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(300);
        await SeedHistoryAsync([2, 2, 3, 2, 9, 2, 2, 1, 2, 6, 2, 2, 2, 2], replied: 5);
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    /// <summary>200 leads of an old campaign; on each of the last days drains[i] of them leave, some of the last week as replied.</summary>
    private async Task SeedHistoryAsync(int[] drains, int replied)
    {
        var now = _world.Clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var emails = Enumerable.Range(0, 200).Select(i => $"old{i}@history-shop.com").ToList();
        await _world.Warehouse.UpsertLeadStatesAsync(emails.Select(e => new LeadStateRow(e, "old-campaign", "Old", LeadState.Active, "id-" + e, 1, "enrolled", now.AddDays(-30))).ToList());
        var next = 0;
        var records = new List<DrainRecord>();
        for (var i = 0; i < drains.Length; i++)
        {
            var at = new DateTimeOffset(today.AddDays(-drains.Length + i).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            for (var k = 0; k < drains[i]; k++, next++)
            {
                var reply = at >= now.AddDays(-7) && replied-- > 0;
                records.Add(new DrainRecord(emails[next], "old-campaign", "id-" + emails[next], reply ? "replied" : "completed", reply ? "success" : "completed",
                    at, 30 - (drains.Length - i), 5, 1, 0, reply ? 1 : 0, reply ? "replied" : null));
            }
        }
        await _world.Warehouse.RecordDrainsAsync(records);
    }

    private CampaignSyncResult Sync(CampaignOptions campaign, IInventoryMultiplierSource source, string runId)
    {
        var actor = Sys.ActorOf(TestProps.Campaign(campaign, Options, _world.Services() with { Multiplier = source }));
        actor.Tell(new SyncCampaign(runId));
        return ExpectMsg<CampaignSyncResult>(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task With_auto_scale_on_and_enough_history_the_target_uses_the_computed_multiplier()
    {
        var smb = _world.Smb(capacity: 20) with { InventoryMultiplier = 1.5 };
        var service = new InventoryMultiplierService(_world.Warehouse, _world.Clock, new AutoScaleOptions { Enabled = true, FixedMultiplier = 1.5 });
        var answer = await service.CurrentAsync();
        Assert.True(answer.AutoScaled, answer.Reason);
        Assert.NotEqual(1.5, answer.Value);

        var result = Sync(smb, service, "auto-on");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(answer.Value, result.Plan!.Multiplier);
        Assert.Equal((int)Math.Ceiling(20 * answer.Value), result.Plan.Target);
        Assert.Equal(result.Plan.Target, result.Created);
        Assert.StartsWith("auto-scaled", result.MultiplierReason);
    }

    [Fact]
    public void With_auto_scale_off_the_campaigns_fixed_multiplier_is_used()
    {
        var smb = _world.Smb(capacity: 20) with { InventoryMultiplier = 1.5 };
        var service = new InventoryMultiplierService(_world.Warehouse, _world.Clock, new AutoScaleOptions { Enabled = false, FixedMultiplier = 3.5 });

        var result = Sync(smb, service, "auto-off");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(1.5, result.Plan!.Multiplier);
        Assert.Equal(30, result.Plan.Target);
        Assert.Equal(30, result.Created);
        Assert.Contains("auto-scale off", result.MultiplierReason);
    }
}
