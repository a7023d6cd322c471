using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// The inventory plan trusts the larger of the warehouse's and Instantly's active counts, and warns only when Instantly
/// holds leads the warehouse does not know: fewer in Instantly is the drain's lag, which the demo showed on 52 lines of
/// its 172 as warnings.
/// </summary>
public sealed class SyncInventoryTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { BatchSize = 25, InRunRetryDelay = TimeSpan.Zero };
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(120);

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private sealed class Events : ILogEventSink
    {
        public List<LogEvent> All { get; } = [];
        public void Emit(LogEvent logEvent) => All.Add(logEvent);
    }

    [Fact]
    public async Task Leads_finished_in_Instantly_but_not_yet_drained_plan_quietly_and_unknown_leads_in_Instantly_warn()
    {
        var smb = _world.Smb(capacity: 10);
        var campaignId = smb.InstantlyCampaignId!;
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, _world.Services()));
        campaign.Tell(new SyncCampaign("run-1"));
        var sync = ExpectMsg<CampaignSyncResult>(TimeSpan.FromSeconds(30));
        Assert.True(sync.Succeeded, string.Join("; ", sync.Failures));
        Assert.Equal(10, sync.Created);

        // Two leads gone from Instantly that the drain has not looked at yet.
        var page = await _world.Client.ListLeadsAsync(new ListLeadsRequest { CampaignId = campaignId, Limit = 2 });
        Assert.True(page.IsSuccess, page.IsSuccess ? "" : page.Error.ToString());
        foreach (var lead in page.Value.Items) Assert.True((await _world.Client.DeleteLeadAsync(lead.Id)).IsSuccess);

        var events = new Events();
        var log = new LoggerConfiguration().MinimumLevel.Debug().WriteTo.Sink(events).CreateLogger();
        var inventory = new SyncInventory(smb, Options, _world.Services(), log);
        var (plan, _) = await inventory.PlanAsync(campaignId, null, default);

        Assert.Equal(10, plan.Active);
        Assert.DoesNotContain(events.All, e => e.Level >= LogEventLevel.Warning);
        Assert.Contains(events.All, e => e.Level == LogEventLevel.Debug && e.MessageTemplate.Text.Contains("not yet drained"));

        // Three leads in Instantly the warehouse never enrolled: 8 + 3 = 11 against its 10.
        foreach (var n in Enumerable.Range(1, 3))
            Assert.True((await _world.Client.CreateLeadAsync(new CreateLeadRequest(campaignId, new NewLead($"by-hand-{n}@example.org")))).IsSuccess);
        events.All.Clear();
        (plan, _) = await inventory.PlanAsync(campaignId, null, default);

        Assert.Equal(11, plan.Active);
        var warning = Assert.Single(events.All, e => e.Level == LogEventLevel.Warning);
        Assert.Equal("11", warning.Properties["Instantly"].ToString());
        Assert.Equal("10", warning.Properties["Warehouse"].ToString());
    }
}
