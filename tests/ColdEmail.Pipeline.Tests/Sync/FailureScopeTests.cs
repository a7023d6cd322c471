using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// Issue 11: a failure is judged by its true scope. The campaign actor runs against the sandbox over HTTP and a
/// DuckDB file; answers the sandbox has no fault mode for are scripted by wrapping the real client.
/// </summary>
public sealed class FailureScopeTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { BatchSize = 20, InRunRetryDelay = TimeSpan.Zero, VerificationEnabled = false };
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(300, mix: ProspectMix.Clean);

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private IActorRef Campaign(CampaignOptions options, IInstantlyApi api) => Sys.ActorOf(TestProps.Campaign(options, Options, _world.Services(api)));

    private CampaignSyncResult Sync(IActorRef campaign, string runId = "run-1")
    {
        campaign.Tell(new SyncCampaign(runId));
        return ExpectMsg<CampaignSyncResult>(RunTimeout);
    }

    private LedgerStatus Ledger(IActorRef campaign)
    {
        campaign.Tell(GetLedgerStatus.Instance);
        return ExpectMsg<LedgerStatus>();
    }

    private async Task<List<string>> ReadyEmailsAsync(CampaignOptions c) => (await _world.ReadyAsync(c, Options)).Select(l => l.Email).ToList();

    private async Task AssertUntouchedAsync(CampaignOptions smb, List<string> readyBefore)
    {
        Assert.Empty(await _world.Warehouse.ListDeadLettersAsync(includeResolved: true, limit: 1000));
        Assert.Empty(await _world.Warehouse.CountActiveByCampaignAsync());
        Assert.Equal(readyBefore, await ReadyEmailsAsync(smb));
        foreach (var email in readyBefore.Take(50))
            Assert.Empty((await _world.Warehouse.ExplainAsync(email)).States);
    }

    [Theory]
    [InlineData(401, "Missing Authorization header")]
    [InlineData(402, "Workspace does not have an active paid plan")]
    [InlineData(403, "API key does not have the required scope leads:create")]
    [InlineData(404, "Resource not found")]
    public async Task An_account_error_on_bulk_add_fails_the_run_and_leaves_every_lead_ready(int status, string message)
    {
        var smb = _world.Smb(capacity: 100);
        var before = await ReadyEmailsAsync(smb);
        var api = new ScriptedAdds(_world.Client, _ => ScriptedAdds.Http(status, message));
        var campaign = Campaign(smb, api);

        var result = Sync(campaign);

        Assert.False(result.Succeeded);
        Assert.Contains(status.ToString(), result.AccountProblem);
        Assert.Contains(result.Failures, f => f.Contains(status.ToString()));
        // Stopped at the first refusal: the batches already in flight (parallelism 2) and nothing after them.
        Assert.InRange(api.Adds, 1, Options.BatchParallelism);
        Assert.Empty(Ledger(campaign).Open);
        await AssertUntouchedAsync(smb, before);
    }

    [Fact]
    public async Task A_deleted_campaign_fails_the_run_before_a_single_lead_is_sent()
    {
        var smb = _world.Smb(capacity: 50) with { InstantlyCampaignId = Guid.NewGuid().ToString() };
        var before = await ReadyEmailsAsync(smb);
        var api = new ForwardingApi(_world.Client);

        var result = Sync(Campaign(smb, api));

        Assert.False(result.Succeeded);
        Assert.Contains("deleted", Assert.Single(result.Failures));
        Assert.NotNull(result.AccountProblem);
        Assert.Equal(1, api.CampaignReads);
        Assert.Equal(0, api.Adds);
        await AssertUntouchedAsync(smb, before);
    }

    [Fact]
    public async Task A_400_naming_a_top_level_field_fails_the_run_without_a_split_storm()
    {
        var smb = _world.Smb(capacity: 40);
        var before = await ReadyEmailsAsync(smb);
        var api = new ScriptedAdds(_world.Client, _ => ScriptedAdds.Http(400, "body/campaign_id must match format \"uuid\""));

        var result = Sync(Campaign(smb, api));

        Assert.False(result.Succeeded);
        Assert.Contains("body/campaign_id", result.AccountProblem);
        Assert.Equal(0, result.Quarantined);
        Assert.InRange(api.Adds, 1, Options.BatchParallelism); // not 2N−1 per batch
        await AssertUntouchedAsync(smb, before);
    }

    [Fact]
    public async Task An_ambiguous_400_that_a_lone_lead_repeats_is_a_request_error_not_the_leads_fault()
    {
        var smb = _world.Smb(capacity: 20);
        var before = await ReadyEmailsAsync(smb);
        var api = new ScriptedAdds(_world.Client, _ => ScriptedAdds.Http(400, "Invalid input"));

        var result = Sync(Campaign(smb, api));

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Quarantined);
        Assert.Equal(2, api.Adds); // the batch, then one lead alone
        await AssertUntouchedAsync(smb, before);
    }

    [Fact]
    public async Task An_ambiguous_400_caused_by_one_lead_quarantines_only_that_lead()
    {
        var smb = _world.Smb(capacity: 20);
        var ready = (await _world.ReadyAsync(smb, Options)).Take(20).ToList();
        var bad = ready[13].Email;
        var api = new ScriptedAdds(_world.Client, r => r.Leads.Any(l => l.Email == bad) ? ScriptedAdds.Http(400, "Invalid input") : null);

        var result = Sync(Campaign(smb, api));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(1, result.Quarantined);
        Assert.Equal(LeadState.Quarantine, Assert.Single((await _world.Warehouse.ExplainAsync(bad)).States).State);
        Assert.Empty(_world.Sandbox.State.FindByEmail(bad));
        Assert.All(ready.Where(c => c.Email != bad), c => Assert.Equal(1, _world.CopiesInSandbox(c.Email)));
    }

    [Fact]
    public async Task Recovery_of_an_open_batch_retries_a_transient_fault_as_an_in_run_call_does()
    {
        var smb = _world.Smb(capacity: 20);
        var claimed = (await _world.ReadyAsync(smb, Options)).Take(10).ToList();
        var first = Campaign(smb, _world.Client);
        first.Tell(new PersistLedgerEvent(new BatchClaimed("crashed:SMB:1", "SMB", smb.InstantlyCampaignId!, claimed.Select(c => c.Email).ToList(), _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        Assert.True((await _world.Client.AddLeadsAsync(new BulkAddRequest(smb.InstantlyCampaignId!, claimed.Take(5).Select(c => c.ToNewLead()).ToList()))).IsSuccess);
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var api = new FlakyLists(_world.Client, failures: 1);
        var result = Sync(Campaign(smb, api), "run-2");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(5, result.Recovered);
        Assert.Equal(5, result.Returned);
        Assert.All(claimed, c => Assert.Equal(1, _world.CopiesInSandbox(c.Email)));
    }

    [Fact]
    public async Task Recovery_looks_up_a_lead_its_page_could_not_read_alone_instead_of_returning_it_to_the_pool()
    {
        var smb = _world.Smb(capacity: 10);
        var claimed = (await _world.ReadyAsync(smb, Options)).Take(6).ToList();
        var first = Campaign(smb, _world.Client);
        first.Tell(new PersistLedgerEvent(new BatchClaimed("crashed:SMB:1", "SMB", smb.InstantlyCampaignId!, claimed.Select(c => c.Email).ToList(), _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        var add = await _world.Client.AddLeadsAsync(new BulkAddRequest(smb.InstantlyCampaignId!, claimed.Select(c => c.ToNewLead()).ToList()));
        var odd = add.Value!.CreatedLeads.Single(c => c.Index == 2);
        // A timestamp sent as "" in list pages (the lead reads fine on its own).
        Assert.NotNull(_world.Sandbox.State.SetMalformed(odd.Id));
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var result = Sync(Campaign(smb, _world.Client), "run-2");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(6, result.Recovered);
        var state = Assert.Single((await _world.Warehouse.ExplainAsync(claimed[2].Email)).States);
        Assert.Equal((LeadState.Active, odd.Id), (state.State, state.InstantlyLeadId));
        Assert.All(claimed, c => Assert.Equal(1, _world.CopiesInSandbox(c.Email)));
    }

    [Fact]
    public async Task A_2xx_with_an_error_after_the_add_was_applied_is_reconciled_never_dead_lettered()
    {
        var smb = _world.Smb(capacity: 20);
        var api = new AppliedThenLost(_world.Client, new InstantlyError(InstantlyErrorKind.ErrorInBody, 200, "ACC_UNKNOWN_ERROR", "ACC_UNKNOWN_ERROR"));

        var result = Sync(Campaign(smb, api));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(20, result.Created);
        Assert.Empty(await _world.Warehouse.ListDeadLettersAsync(includeResolved: true, limit: 1000));
        foreach (var lead in _world.Sandbox.State.AllLeads(smb.InstantlyCampaignId!))
            Assert.Equal(lead.Id, Assert.Single((await _world.Warehouse.ExplainAsync(lead.Email!)).States).InstantlyLeadId);
        Assert.Equal(20, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public async Task An_unclear_add_that_cannot_be_reconciled_stays_open_and_the_next_run_settles_it()
    {
        var smb = _world.Smb(capacity: 20);
        var lost = new AppliedThenLost(_world.Client, new InstantlyError(InstantlyErrorKind.ConnectionDropped, null, null, "connection reset"));
        var api = new FlakyLists(lost, failures: int.MaxValue);
        var campaign = Campaign(smb, api);

        var result = Sync(campaign);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures, f => f.Contains("left open"));
        Assert.Empty(await _world.Warehouse.ListDeadLettersAsync(includeResolved: true, limit: 1000));
        var open = Assert.Single(Ledger(campaign).Open);
        Assert.False(open.IsSettled);

        api.Heal();
        var next = Sync(campaign, "run-2");
        Assert.True(next.Succeeded, string.Join("; ", next.Failures));
        Assert.Equal(20, next.Recovered);
        Assert.Empty(Ledger(campaign).Open);
        foreach (var email in open.Claim.Emails)
        {
            Assert.Equal(1, _world.CopiesInSandbox(email));
            Assert.Equal(LeadState.Active, Assert.Single((await _world.Warehouse.ExplainAsync(email)).States).State);
        }
        Assert.Empty(await _world.Warehouse.ListDeadLettersAsync(includeResolved: true, limit: 1000));
    }

    [Fact]
    public async Task A_lead_rate_limited_past_its_attempts_is_a_permanent_dead_letter_no_later_run_retries()
    {
        var smb = _world.Smb(capacity: 3);
        var first = (await _world.ReadyAsync(smb, Options)).Take(3).Select(c => c.Email).ToList();
        var sent = new ConcurrentBag<string>();
        var api = new ScriptedAdds(_world.Client, r =>
        {
            foreach (var l in r.Leads) sent.Add(l.Email);
            return new InstantlyError(InstantlyErrorKind.Http, 429, "Too Many Requests", "slow down", TimeSpan.FromSeconds(1));
        });
        var campaign = Campaign(smb, api);

        // Three attempts per run (InRunAttempts): run 1 fails attempts 1–3, run 2 attempts 4–6; the seed allows 5 retries.
        Sync(campaign, "run-1");
        _world.Clock.Advance(TimeSpan.FromMinutes(10));
        Sync(campaign, "run-2");
        var letters = await _world.Warehouse.ListDeadLettersAsync(includeResolved: false, limit: 1000);
        Assert.Equal(first.Order(), letters.Select(l => l.Email).Order());
        Assert.All(letters, l =>
        {
            Assert.True(l.Permanent, l.Message);
            Assert.Null(l.NextRetryAt);
            Assert.Equal(6, l.RetryCount);
        });

        sent.Clear();
        _world.Clock.Advance(TimeSpan.FromHours(2));
        Sync(campaign, "run-3");
        Assert.NotEmpty(sent);
        Assert.Empty(sent.Intersect(first));
    }

    /// <summary>List requests fail with a 502 a number of times, then reach the sandbox.</summary>
    private sealed class FlakyLists(IInstantlyApi inner, int failures) : ForwardingApi(inner)
    {
        private int _left = failures;

        public void Heal() => Interlocked.Exchange(ref _left, 0);

        public override Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Lists);
            if (Interlocked.Decrement(ref _left) >= 0)
                return Task.FromResult(InstantlyResult<LeadPage>.Fail(new InstantlyError(InstantlyErrorKind.Http, 502, "Bad Gateway", "upstream")));
            return Inner.ListLeadsAsync(request, ct);
        }

        public override Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default) => Inner.AddLeadsAsync(request, ct);
    }

    /// <summary>The add reaches the sandbox and is applied, then the answer is replaced by <paramref name="error"/>.</summary>
    private sealed class AppliedThenLost(IInstantlyApi inner, InstantlyError error) : ForwardingApi(inner)
    {
        public override async Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
        {
            Interlocked.Increment(ref Adds);
            var applied = await Inner.AddLeadsAsync(request, ct);
            Assert.True(applied.IsSuccess);
            return InstantlyResult<BulkAddResult>.Fail(error);
        }
    }
}
