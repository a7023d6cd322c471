using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Verification;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.IntegrationTests.Pipeline;

public sealed class WholePipelineTests : IAsyncLifetime
{
    private HostedPipeline _it = null!;

    public async Task InitializeAsync() => _it = await HostedPipeline.StartAsync(1500);

    public async Task DisposeAsync() => await _it.DisposeAsync();

    private async Task<List<string>> BestReadyAsync(CampaignOptions c, int count)
    {
        var rules = new EmailVerificationRules(VerificationPolicy.Default);
        var list = new List<string>();
        await foreach (var p in _it.Warehouse.StreamReadyLeadsAsync(new ReadyLeadQuery(c.Routing, c.Name, Now: _it.Clock.GetUtcNow())))
        {
            var candidate = Candidate.From(p, rules);
            if (candidate.IsValid && !list.Contains(candidate.Email)) list.Add(candidate.Email);
            if (list.Count == count) break;
        }
        return list;
    }

    [Fact]
    public async Task A_sync_fills_both_campaigns_to_their_targets_with_the_best_leads_and_survives_a_restart()
    {
        var options = _it.Options(smb: 120, midsize: 80);
        var expectedSmb = await BestReadyAsync(options.Campaigns[0], 120);
        var expectedMid = await BestReadyAsync(options.Campaigns[1], 80);
        await _it.StartHostAsync(options);

        var summary = await _it.Pipeline.SyncOnceAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(200, summary.TotalLeadsCreated);
        Assert.Equal(120, summary.CampaignBreakdown["SMB"]);
        Assert.Equal(80, summary.CampaignBreakdown["Midsize"]);
        Assert.Equal(expectedSmb.ToHashSet(), _it.Sandbox.State.AllLeads(_it.Sandbox.CampaignIds["SMB"]).Select(l => l.Email!).ToHashSet());
        Assert.Equal(expectedMid.ToHashSet(), _it.Sandbox.State.AllLeads(_it.Sandbox.CampaignIds["Midsize"]).Select(l => l.Email!).ToHashSet());
        var run = Assert.Single(await _it.Warehouse.ListRunsAsync(10));
        Assert.Equal(summary.RunId, run.RunId);
        Assert.Contains("\"total_leads_created\":200", run.SummaryJson);

        var ledgers = (await _it.Pipeline.GetLedgersAsync()).ToDictionary(l => l.Campaign);
        await _it.StopHostAsync();
        await _it.StartHostAsync(options);
        var restored = (await _it.Pipeline.GetLedgersAsync()).ToDictionary(l => l.Campaign);
        Assert.Equal(ledgers["SMB"].LeadsRecorded, restored["SMB"].LeadsRecorded);
        Assert.Equal(ledgers["Midsize"].BatchesRecorded, restored["Midsize"].BatchesRecorded);

        var again = await _it.Pipeline.SyncOnceAsync();
        Assert.Equal(0, again.TotalLeadsCreated);
        Assert.Equal(200, _it.Sandbox.State.LeadCount);
    }

    [Fact]
    public async Task A_drain_after_the_clock_advanced_removes_exactly_the_leads_the_rules_say()
    {
        var options = _it.Options(smb: 100, midsize: 60);
        await _it.StartHostAsync(options);
        Assert.Equal(160, (await _it.Pipeline.SyncOnceAsync()).TotalLeadsCreated);

        _it.Sandbox.AdvanceDays(14);
        _it.Sandbox.RunEngine();
        var now = _it.Clock.GetUtcNow();
        var before = _it.Sandbox.State.AllLeads();
        var expected = before.ToDictionary(l => l.Id, l => DrainClassifier.Classify(
            new LeadSnapshot(l.Id, l.Email!, l.CampaignId, l.Status, l.EmailReplyCount, l.LtInterestStatus, l.TimestampCreated,
            TimestampLastReply: l.TimestampLastReply, TimestampLastContact: l.TimestampLastContact),
            options.Drain.Policy, now));
        var toDrain = expected.Where(e => e.Value.IsDrain).Select(e => e.Key).ToHashSet();
        Assert.NotEmpty(toDrain);

        var summary = await _it.Pipeline.DrainOnceAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(160, summary.Checked);
        Assert.Equal(toDrain.Count, summary.Drained);
        var left = _it.Sandbox.State.AllLeads().Select(l => l.Id).ToHashSet();
        Assert.Equal(before.Select(l => l.Id).Where(id => !toDrain.Contains(id)).ToHashSet(), left);
        var active = await _it.Warehouse.CountActiveByCampaignAsync();
        Assert.Equal(left.Count, active.Values.Sum());
        Assert.Contains(await _it.Warehouse.ListRunsAsync(10), r => r.Kind == "drain" && r.RunId == summary.RunId);
    }
}
