using ColdEmail.Domain.Retry;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>One bulk batch against the real sandbox, for every way the add can end; retries run without waiting.</summary>
public sealed class BatchEnrollerTests : IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { InRunAttempts = 3, InRunRetryDelay = TimeSpan.Zero };
    private PipelineWorld _world = null!;
    private List<Candidate> _ready = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(300, mix: ProspectMix.Clean);
        _ready = (await _world.ReadyAsync(_world.Smb(), Options)).Where(c => c.IsValid).ToList();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private BatchEnroller Enroller() => new(_world.Client, _world.Clock, (_, _) => Task.CompletedTask, Options);

    private string SmbId => _world.Sandbox.CampaignIds["SMB"];

    private Task<IReadOnlyList<LeadOutcome>> Enrol(IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int>? prior = null) =>
        Enroller().EnrolAsync(SmbId, leads, prior ?? new Dictionary<string, int>(), CancellationToken.None);

    [Fact]
    public async Task Created_leads_are_active_with_their_Instantly_ids()
    {
        var leads = _ready.Take(20).ToList();
        var outcomes = await Enrol(leads);
        Assert.Equal(leads.Select(l => l.Email).Order(), outcomes.Select(o => o.Email).Order());
        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Active, o.Kind));
        foreach (var o in outcomes)
        {
            var copy = Assert.Single(_world.Sandbox.State.FindByEmail(o.Email));
            Assert.Equal(copy.Id, o.InstantlyLeadId);
            Assert.Equal(SmbId, copy.CampaignId);
        }
    }

    [Fact]
    public async Task Leads_already_in_another_campaign_are_skipped_and_blocklisted_ones_quarantined()
    {
        var elsewhere = _ready[0];
        var blocked = _ready[1];
        await _world.Client.AddLeadsAsync(new Instantly.BulkAddRequest(_world.Sandbox.CampaignIds["Midsize"], [elsewhere.ToNewLead()]));
        _world.Sandbox.State.AddToBlocklist(blocked.Email);

        var outcomes = await Enrol(_ready.Take(5).ToList());
        Assert.Equal(OutcomeKind.Skipped, outcomes.Single(o => o.Email == elsewhere.Email).Kind);
        var quarantined = outcomes.Single(o => o.Email == blocked.Email);
        Assert.Equal(OutcomeKind.Quarantine, quarantined.Kind);
        Assert.Contains("blocklist", quarantined.Reason);
        Assert.Equal(3, outcomes.Count(o => o.Kind == OutcomeKind.Active));
        Assert.Equal(1, _world.CopiesInSandbox(elsewhere.Email));
    }

    [Fact]
    public async Task A_server_error_whose_effect_cannot_be_reconciled_leaves_the_leads_unsettled_never_dead_lettered_nor_resent()
    {
        _world.Sandbox.SetFaults(new FaultOptions(ServerErrorRate: 1.0));
        var leads = _ready.Take(4).ToList();
        var prior = new Dictionary<string, int> { [leads[0].Email] = 2 };
        var outcomes = await Enrol(leads, prior);
        Assert.All(outcomes, o =>
        {
            // The add may have been applied: only a reconciliation may settle it (the batch stays open).
            Assert.Equal(OutcomeKind.Returned, o.Kind);
            Assert.Equal(BatchEnroller.Unclear, o.ErrorKind);
            Assert.Contains("outcome unknown", o.Reason);
        });
        Assert.True(BatchEnroller.LeavesBatchOpen(outcomes));
        Assert.Empty(_world.Sandbox.State.AllLeads(SmbId));
    }

    [Fact]
    public async Task Leads_dead_lettered_after_an_unknown_outcome_are_found_on_the_next_attempt_instead_of_duplicated()
    {
        var leads = _ready.Take(6).ToList();
        _world.Sandbox.SetFaults(new FaultOptions(AppliedButLostRate: 1.0, ServerErrorRate: 0));
        await _world.Client.AddLeadsAsync(new Instantly.BulkAddRequest(SmbId, leads.Select(l => l.ToNewLead()).ToList()));
        _world.Sandbox.SetFaults(Sandbox.Faults.FaultOptions.None);

        var outcomes = await Enrol(leads);
        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Active, o.Kind));
        Assert.All(leads, l => Assert.Equal(1, _world.CopiesInSandbox(l.Email)));
    }

    [Fact]
    public async Task Rate_limits_are_dead_lettered_with_the_exponential_delay()
    {
        _world.Sandbox.SetFaults(new FaultOptions(TooManyRequestsRate: 1.0));
        var now = _world.Clock.GetUtcNow();
        var outcomes = await Enrol(_ready.Take(3).ToList());
        Assert.All(outcomes, o =>
        {
            Assert.Equal(OutcomeKind.DeadLetter, o.Kind);
            Assert.Equal(nameof(FailureKind.RateLimited), o.ErrorKind);
            Assert.Equal(429, o.HttpStatus);
            Assert.Equal(now + RetryStrategy.RateLimitDelay(3), o.NextRetryAt);
        });
        Assert.Empty(_world.Sandbox.State.AllLeads(SmbId));
    }

    [Fact]
    public async Task Rate_limits_past_the_allowed_attempts_are_exhausted_unless_the_lead_is_high_value()
    {
        _world.Sandbox.SetFaults(new FaultOptions(TooManyRequestsRate: 1.0));
        var ordinary = _ready.First(c => c.Prospect.EstimatedSalesYearly is null or <= 5_000_000m);
        var prior = new Dictionary<string, int> { [ordinary.Email] = 5 };
        var outcome = Assert.Single(await Enrol([ordinary], prior));
        Assert.Equal(OutcomeKind.DeadLetter, outcome.Kind);
        Assert.Equal(6, outcome.RetryCount);
        Assert.Contains("more than the 5 retries", outcome.Reason);
        Assert.True(outcome.Permanent);
        Assert.Null(outcome.NextRetryAt);

        var highValue = ordinary with { Prospect = ordinary.Prospect with { EstimatedSalesYearly = 6_000_000m } };
        var again = Assert.Single(await Enrol([highValue], prior));
        // Three more attempts in this run (6, 7, 8), each allowed for a high-value lead; the next waits its exponential delay.
        Assert.Contains("retry 8 of 10", again.Reason);
        Assert.Equal(8, again.RetryCount);
        Assert.False(again.Permanent);
        Assert.Equal(_world.Clock.GetUtcNow() + RetryStrategy.RateLimitDelay(8), again.NextRetryAt);
    }

    [Fact]
    public async Task An_error_in_a_200_body_is_an_unclear_outcome_never_a_dead_letter()
    {
        _world.Sandbox.SetFaults(new FaultOptions(ErrorInBodyRate: 1.0));
        var outcome = Assert.Single(await Enrol(_ready.Take(1).ToList()));
        Assert.Equal(OutcomeKind.Returned, outcome.Kind);
        Assert.Equal(BatchEnroller.Unclear, outcome.ErrorKind);
        Assert.False(outcome.Permanent);
    }

    [Fact]
    public async Task An_add_applied_but_answered_with_a_failure_is_reconciled_not_sent_twice()
    {
        _world.Sandbox.SetFaults(new FaultOptions(AppliedButLostRate: 1.0));
        var leads = _ready.Take(10).ToList();
        var outcomes = await Enrol(leads);
        Assert.All(outcomes, o => Assert.Equal(OutcomeKind.Active, o.Kind));
        foreach (var lead in leads)
        {
            var copy = Assert.Single(_world.Sandbox.State.FindByEmail(lead.Email));
            Assert.Equal(copy.Id, outcomes.Single(o => o.Email == lead.Email).InstantlyLeadId);
        }
    }
}
