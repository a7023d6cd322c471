using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Drain;

/// <summary>bigquery_first_drain off: candidates come from Instantly's campaign list, ignoring the 24 h check window.</summary>
public sealed class InstantlyFirstDrainTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private PipelineWorld _world = null!;
    private string _smbId = null!;
    private DrainOptions _options = null!;
    private List<string> _untracked = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(400, mix: ProspectMix.Clean);
        _smbId = _world.Sandbox.CampaignIds["SMB"];
        _options = new DrainOptions { BatchSize = 40, Workers = 2, CampaignIds = [_smbId] };
        var campaign = Sys.ActorOf(TestProps.Campaign(_world.Smb(capacity: 80), new SyncOptions { BatchSize = 50 }, _world.Services()));
        campaign.Tell(new SyncCampaign("seed"));
        Assert.Equal(80, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        // Leads in the campaign the warehouse never heard of: orphan recovery's business, not the drain's.
        var added = await _world.Client.AddLeadsAsync(new BulkAddRequest(_smbId,
            Enumerable.Range(0, 20).Select(i => new NewLead($"untracked{i}@orphans-example.com")).ToList()));
        Assert.True(added.IsSuccess);
        _untracked = _world.Sandbox.State.AllLeads(_smbId).Where(l => l.Email!.StartsWith("untracked", StringComparison.Ordinal)).Select(l => l.Id).ToList();
        Assert.Equal(20, _untracked.Count);

        _world.Sandbox.AdvanceDays(12);
        _world.Sandbox.RunEngine();
        // Every tracked lead was checked moments ago, so warehouse-first finds nothing due.
        var due = await _world.Warehouse.LeadsDueForDrainAsync(_world.Clock.GetUtcNow(), _options.MinInterval, 1000);
        Assert.Equal(80, due.Count);
        await _world.Warehouse.MarkDrainCheckedAsync(due.Select(c => new LeadKey(c.Email, c.CampaignId)).ToList(), _world.Clock.GetUtcNow() - TimeSpan.FromHours(1));
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private DrainRunSummary Drain(DrainOptions options)
    {
        var coordinator = Sys.ActorOf(TestProps.Drain(options, _world.Services()));
        coordinator.Tell(new DrainOnce("drain-1"));
        return ExpectMsg<DrainRunSummary>(RunTimeout);
    }

    private Dictionary<string, DrainDecision> Expected()
    {
        var now = _world.Clock.GetUtcNow();
        return _world.Sandbox.State.AllLeads(_smbId).ToDictionary(l => l.Id, l => DrainClassifier.Classify(
            new LeadSnapshot(l.Id, l.Email!, l.CampaignId, l.Status, l.EmailReplyCount, l.LtInterestStatus, l.TimestampCreated,
                TimestampLastReply: l.TimestampLastReply, TimestampLastContact: l.TimestampLastContact,
                EmailOpenCount: l.EmailOpenCount, EmailClickCount: l.EmailClickCount), _options.Policy, now));
    }

    [Fact]
    public void Flag_off_drains_finished_leads_checked_within_24_hours_and_leaves_untracked_leads_alone()
    {
        var expected = Expected();
        var tracked = expected.Keys.Except(_untracked).ToHashSet();
        var drained = tracked.Where(id => expected[id] is DrainDecision.Drain).ToHashSet();
        Assert.NotEmpty(drained);
        Assert.Contains(_untracked, id => expected[id] is DrainDecision.Drain);

        var summary = Drain(_options with { WarehouseFirst = false, MaxApiPages = 10 });

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(80, summary.Checked);
        Assert.Equal(drained.Count, summary.Drained);
        var remaining = _world.Sandbox.State.AllLeads(_smbId).Select(l => l.Id).ToHashSet();
        Assert.Empty(remaining.Intersect(drained));
        Assert.Subset(remaining, _untracked.ToHashSet());
        Assert.Equal(tracked.Count - drained.Count + _untracked.Count, remaining.Count);
    }

    [Fact]
    public void Flag_on_skips_the_leads_checked_within_24_hours()
    {
        Assert.Contains(Expected().Values, d => d is DrainDecision.Drain);
        var before = _world.Sandbox.State.CountLeads(_smbId);

        var summary = Drain(_options with { WarehouseFirst = true });

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(0, summary.Checked);
        Assert.Equal(0, summary.Drained);
        Assert.Equal(before, _world.Sandbox.State.CountLeads(_smbId));
    }

    [Fact]
    public void Flag_off_without_campaigns_checks_nothing_and_a_negative_page_cap_is_rejected()
    {
        var summary = Drain(_options with { WarehouseFirst = false, MaxApiPages = 0, CampaignIds = [] });
        Assert.Equal(0, summary.Checked);
        Assert.Throws<ArgumentOutOfRangeException>(() => (_options with { MaxApiPages = -1 }).Validate());
    }
}
