using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.OpsSupport;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Pipeline.Verification;
using ColdEmail.Warehouse.Generation;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// Instantly's verification inside a sync run, against the sandbox's verification endpoint (it decides by
/// address: "invalid…" local parts are invalid, "slow…" ones stay pending for two polls) and a DuckDB file.
/// The verifier waits between polls on its own fake clock, which the test moves while a run is in flight.
/// </summary>
public sealed class SyncVerificationTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    private static readonly SyncOptions Options = new() { BatchSize = 25, InRunRetryDelay = TimeSpan.Zero };
    private static readonly string[] Valid = ["ana.valid@acme-shop.com", "bo.valid@acme-shop.com", "cy.valid@acme-shop.com", "di.valid@acme-shop.com"];
    private const string Invalid = "invalid.ed@acme-shop.com";
    private const string Slow = "slow.flo@acme-shop.com";

    private readonly FakeTimeProvider _verifierTime = new(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero));
    private PipelineWorld _world = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(0);
        var emails = Valid.Append(Invalid).Append(Slow).ToList();
        var rows = new ProspectGenerator(11, new ProspectMix(0, 0, 0)).Generate(emails.Count)
            .Select((row, i) => row with { Email = emails[i], EstimatedSalesYearly = 500_000m });
        await _world.Warehouse.LoadEligibleLeadsAsync(rows);
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private EmailVerifier Verifier() =>
        new(_world.Client, _world.Warehouse, _verifierTime, new EmailVerificationOptions { PollInterval = Poll, MaxPolls = 1 });

    private Task<CampaignSyncResult> SyncAsync(IActorRef campaign, string runId) =>
        VirtualTimeRunner.RunAsync(campaign.Ask<CampaignSyncResult>(new SyncCampaign(runId), TimeSpan.FromSeconds(30)), _verifierTime, Poll);

    private HashSet<string> InSandbox(string campaignId) =>
        _world.Sandbox.State.AllLeads(campaignId).Select(l => l.Email!).ToHashSet();

    [Fact]
    public async Task Invalid_is_quarantined_pending_waits_for_a_later_run_and_valid_ones_are_enrolled()
    {
        var smb = _world.Smb(capacity: 10);
        Assert.Equal(6, (await _world.ReadyAsync(smb, Options)).Count(c => c.IsValid));
        var verifier = Verifier();
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, _world.Services() with { Verifier = verifier }));

        var first = await SyncAsync(campaign, "run-1");

        Assert.True(first.Succeeded, string.Join("; ", first.Failures));
        Assert.Equal(Valid.ToHashSet(), InSandbox(smb.InstantlyCampaignId!));
        Assert.Equal(4, first.Created);
        Assert.Equal(1, first.Quarantined);
        var quarantined = (await _world.Warehouse.ExplainAsync(Invalid)).States.Single();
        Assert.Equal(Domain.Leads.LeadState.Quarantine, quarantined.State);
        Assert.Contains("email verification", quarantined.Reason);
        // The pending one is neither claimed nor recorded: no state row, still ready.
        Assert.Empty((await _world.Warehouse.ExplainAsync(Slow)).States);
        Assert.Contains((await _world.ReadyAsync(smb, Options)), c => c.Email == Slow);
        Assert.Equal(new VerificationCounts(5, 1, 1), first.Verification);
        var summary = SyncRunSummary.From("run-1", _world.Clock.GetUtcNow(), _world.Clock.GetUtcNow(), [first]);
        Assert.Equal(1, summary.VerificationStatus["pending"]);
        Assert.Equal(4, summary.VerificationStatus["valid"]);
        Assert.Equal(1, summary.VerificationStatus["invalid"]);

        var second = await SyncAsync(campaign, "run-2");

        Assert.True(second.Succeeded, string.Join("; ", second.Failures));
        Assert.Equal(1, second.Created);
        Assert.Contains(Slow, InSandbox(smb.InstantlyCampaignId!));
        Assert.Equal(Domain.Leads.LeadState.Active, (await _world.Warehouse.ExplainAsync(Slow)).States.Single().State);
        Assert.Equal(0, second.Verification.Pending);
        // The pending address was paid for once and only polled afterwards.
        Assert.Equal(6, verifier.Tally.Started);
    }

    [Fact]
    public async Task With_the_flag_off_no_verification_call_is_made_and_nothing_waits()
    {
        var smb = _world.Smb(capacity: 10);
        var verifier = Verifier();
        var off = Options with { VerificationEnabled = false };
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, off, _world.Services() with { Verifier = verifier }));

        var result = await SyncAsync(campaign, "run-off");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(6, result.Created);
        Assert.Equal(0, verifier.Tally.Started + verifier.Tally.Polls + verifier.Tally.RejectedLocally + verifier.Tally.Reused);
        Assert.Equal(404, (await _world.Client.GetEmailVerificationAsync(Invalid)).Error?.StatusCode);
        Assert.Empty(await _world.Warehouse.FindVerificationsAsync([Invalid, Slow, Valid[0]]));
        Assert.Contains(Invalid, InSandbox(smb.InstantlyCampaignId!));
    }
}
