using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>Issue 11 finding 6: an operator releases a batch that blocks its campaign (`coldemail ledger abandon`).</summary>
public sealed class AbandonBatchTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { BatchSize = 20, InRunRetryDelay = TimeSpan.Zero, VerificationEnabled = false };
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(200, mix: ProspectMix.Clean);

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private async Task<(IActorRef Campaign, List<Candidate> Claimed)> OpenBatchAsync(CampaignOptions smb, IInstantlyApi api, int applied)
    {
        var claimed = (await _world.ReadyAsync(smb, Options)).Take(8).ToList();
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, _world.Services(api)));
        campaign.Tell(new PersistLedgerEvent(new BatchClaimed("stuck:SMB:1", "SMB", smb.InstantlyCampaignId!, claimed.Select(c => c.Email).ToList(), _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        if (applied > 0)
            Assert.True((await _world.Client.AddLeadsAsync(new BulkAddRequest(smb.InstantlyCampaignId!, claimed.Take(applied).Select(c => c.ToNewLead()).ToList()))).IsSuccess);
        return (campaign, claimed);
    }

    [Fact]
    public async Task Abandoning_reconciles_what_Instantly_holds_and_returns_the_rest_to_the_pool()
    {
        var smb = _world.Smb();
        var (campaign, claimed) = await OpenBatchAsync(smb, _world.Client, applied: 3);

        campaign.Tell(new AbandonBatch("stuck:SMB:1"));
        var result = ExpectMsg<BatchAbandoned>(TimeSpan.FromSeconds(30));

        Assert.Equal((true, 3, 5, 0), (result.Found, result.Active, result.Returned, result.Unknown));
        campaign.Tell(GetLedgerStatus.Instance);
        Assert.Empty(ExpectMsg<LedgerStatus>().Open);
        foreach (var c in claimed.Take(3))
            Assert.Equal(LeadState.Active, Assert.Single((await _world.Warehouse.ExplainAsync(c.Email)).States).State);
        var ready = (await _world.ReadyAsync(smb, Options)).Select(c => c.Email).ToHashSet();
        Assert.All(claimed.Skip(3), c => Assert.Contains(c.Email, ready));
    }

    [Fact]
    public async Task Abandoning_while_Instantly_cannot_be_asked_records_each_lead_for_a_person()
    {
        var smb = _world.Smb();
        var (campaign, claimed) = await OpenBatchAsync(smb, new NoLists(_world.Client), applied: 0);

        campaign.Tell(new AbandonBatch("stuck:SMB:1"));
        var result = ExpectMsg<BatchAbandoned>(TimeSpan.FromSeconds(30));

        Assert.Equal(8, result.Unknown);
        Assert.NotNull(result.Error);
        campaign.Tell(GetLedgerStatus.Instance);
        Assert.Empty(ExpectMsg<LedgerStatus>().Open);
        var letters = await _world.Warehouse.ListDeadLettersAsync(includeResolved: false, limit: 100);
        Assert.Equal(claimed.Select(c => c.Email).Order(), letters.Select(l => l.Email).Order());
        Assert.All(letters, l => Assert.True(l.Permanent));
    }

    [Fact]
    public void Abandoning_an_unknown_batch_changes_nothing()
    {
        var campaign = Sys.ActorOf(TestProps.Campaign(_world.Smb(), Options, _world.Services()));
        campaign.Tell(new AbandonBatch("nope"));
        Assert.False(ExpectMsg<BatchAbandoned>().Found);
    }

    private sealed class NoLists(IInstantlyApi inner) : ForwardingApi(inner)
    {
        public override Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) =>
            Task.FromResult(InstantlyResult<LeadPage>.Fail(new InstantlyError(InstantlyErrorKind.Http, 503, "Service Unavailable", "down")));
    }
}
