using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Drain;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Drain;

/// <summary>The drain coordinator and its workers, journal in memory, against the sandbox after its clock moved on.</summary>
public sealed class DrainCoordinatorTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly DrainOptions Options = new() { BatchSize = 40, Workers = 3, SnapshotEvery = 5 };
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private PipelineWorld _world = null!;
    private string _smbId = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(600, mix: ProspectMix.Clean);
        _smbId = _world.Sandbox.CampaignIds["SMB"];
        var campaign = Sys.ActorOf(TestProps.Campaign(_world.Smb(capacity: 150), new SyncOptions { BatchSize = 50 }, _world.Services()));
        campaign.Tell(new SyncCampaign("seed"));
        Assert.Equal(150, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private IActorRef Coordinator() => Sys.ActorOf(TestProps.Drain(Options, _world.Services()));

    private DrainRunSummary Drain(IActorRef coordinator, string runId = "drain-1")
    {
        coordinator.Tell(new DrainOnce(runId));
        return ExpectMsg<DrainRunSummary>(RunTimeout);
    }

    /// <summary>What the domain rules say about every lead of the campaign right now.</summary>
    private Dictionary<string, DrainDecision> Expected()
    {
        var now = _world.Clock.GetUtcNow();
        return _world.Sandbox.State.AllLeads(_smbId).ToDictionary(l => l.Id, l => DrainClassifier.Classify(
            new LeadSnapshot(l.Id, l.Email!, l.CampaignId, l.Status, l.EmailReplyCount, l.LtInterestStatus, l.TimestampCreated,
                TimestampLastReply: l.TimestampLastReply, TimestampLastContact: l.TimestampLastContact,
                EmailOpenCount: l.EmailOpenCount, EmailClickCount: l.EmailClickCount), Options.Policy, now));
    }

    [Fact]
    public async Task A_drain_after_the_clock_moved_removes_exactly_the_leads_the_rules_say()
    {
        _world.Sandbox.AdvanceDays(12);
        _world.Sandbox.RunEngine();
        var expected = Expected();
        var drained = expected.Where(e => e.Value is DrainDecision.Drain).ToDictionary(e => e.Key, e => ((DrainDecision.Drain)e.Value).Code);
        Assert.NotEmpty(drained);
        Assert.Contains(expected, e => e.Value is DrainDecision.Keep);

        var summary = Drain(Coordinator());

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        Assert.Equal(150, summary.Checked);
        Assert.Equal(drained.Count, summary.Drained);
        Assert.Equal(150 - drained.Count, summary.Kept);
        var remaining = _world.Sandbox.State.AllLeads(_smbId).Select(l => l.Id).ToHashSet();
        Assert.Equal(expected.Keys.Except(drained.Keys).ToHashSet(), remaining);
        Assert.Equal(drained.GroupBy(d => d.Value).ToDictionary(g => g.Key, g => g.Count()), summary.DrainResults.ToDictionary(kv => kv.Key, kv => kv.Value));

        var candidatesLeft = await _world.Warehouse.LeadsDueForDrainAsync(_world.Clock.GetUtcNow(), TimeSpan.FromHours(24), 1000);
        Assert.Empty(candidatesLeft);
    }

    [Fact]
    public async Task History_carries_the_reason_and_suppression_follows_unsubscribes_bounces_and_replies()
    {
        _world.Sandbox.AdvanceDays(20);
        _world.Sandbox.RunEngine();
        var before = _world.Sandbox.State.AllLeads(_smbId).ToDictionary(l => l.Id);
        var expected = Expected();

        var summary = Drain(Coordinator());
        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));

        foreach (var (id, decision) in expected.Where(e => e.Value is DrainDecision.Drain).Take(40))
        {
            var drain = (DrainDecision.Drain)decision;
            var email = before[id].Email!;
            var dossier = await _world.Warehouse.ExplainAsync(email);
            Assert.Contains(dossier.History, h => h.DrainReason == drain.Code && h.DaysInCampaign is >= 0);
            var suppression = await _world.Warehouse.FindSuppressionAsync(email);
            if (drain.SuppressForever) Assert.NotNull(suppression);
            else Assert.Null(suppression);
        }
    }

    [Fact]
    public void Kept_leads_are_stamped_so_an_immediate_second_drain_checks_nothing()
    {
        var coordinator = Coordinator();
        var first = Drain(coordinator);
        Assert.Equal(150, first.Checked);
        Assert.Equal(150, first.Kept);
        var second = Drain(coordinator, "drain-2");
        Assert.Equal(0, second.Checked);
    }

    [Fact]
    public void Asking_for_a_pass_again_with_its_run_id_joins_it_or_gets_its_summary_and_never_runs_it_twice()
    {
        var coordinator = Coordinator();
        var first = CreateTestProbe();
        var repeat = CreateTestProbe();
        var queuedA = CreateTestProbe();
        var queuedB = CreateTestProbe();
        var late = CreateTestProbe();
        // A drain run's tracker asks again every few seconds (and at once when a cluster member leaves): repeats of one run id.
        coordinator.Tell(new DrainOnce("drain-r"), first.Ref);
        coordinator.Tell(new DrainOnce("drain-r"), repeat.Ref);
        coordinator.Tell(new DrainOnce("drain-q"), queuedA.Ref);
        coordinator.Tell(new DrainOnce("drain-q"), queuedB.Ref);
        coordinator.Tell(new DrainOnce("drain-q"), queuedB.Ref);

        // One pass for drain-r, whoever asked: a second pass would check nothing (the first stamped every lead).
        var answered = new[] { first.ExpectMsg<DrainRunSummary>(RunTimeout), repeat.ExpectMsg<DrainRunSummary>(RunTimeout) };
        Assert.All(answered, a => Assert.Equal(("drain-r", 150), (a.RunId, a.Checked)));
        // Asked for after it finished (drain-q may be running by now): the same summary again, not a new pass.
        coordinator.Tell(new DrainOnce("drain-r"), late.Ref);
        var again = late.ExpectMsg<DrainRunSummary>(RunTimeout);
        Assert.Equal((answered[0].RunId, answered[0].Checked, answered[0].FinishedAt), (again.RunId, again.Checked, again.FinishedAt));

        // The queued pass runs once and answers each of its askers once.
        Assert.Equal("drain-q", queuedA.ExpectMsg<DrainRunSummary>(RunTimeout).RunId);
        Assert.Equal("drain-q", queuedB.ExpectMsg<DrainRunSummary>(RunTimeout).RunId);
        queuedB.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_lead_missing_from_Instantly_is_reconfirmed_then_recorded_as_gone()
    {
        var victim = _world.Sandbox.State.AllLeads(_smbId)[3];
        Assert.True((await _world.Client.DeleteLeadAsync(victim.Id)).IsSuccess);

        var summary = Drain(Coordinator());

        Assert.Equal(1, summary.DrainResults[DrainBatchProcessor.Missing]);
        Assert.Equal(1, summary.AlreadyGone);
        var dossier = await _world.Warehouse.ExplainAsync(victim.Email!);
        Assert.Contains(dossier.History, h => h.DrainReason == DrainBatchProcessor.Missing);
    }

    [Fact]
    public async Task A_crash_between_the_delete_and_the_warehouse_write_is_completed_on_recovery()
    {
        var victims = _world.Sandbox.State.AllLeads(_smbId).Take(5).ToList();
        var first = Coordinator();
        var entries = victims.Select(v => new DrainEntry(v.Email!, _smbId, v.Id, "completed", "success", 9, 1, 0, 0, null, "sequence completed without a reply", false)).ToList();
        first.Tell(new PersistDrainEvent(new DrainDecided("crashed:1", entries, _world.Clock.GetUtcNow())));
        ExpectMsg<DrainAck>();
        // The deletes went out, then the process died before the warehouse heard of them.
        Assert.True((await _world.Client.DeleteLeadsAsync(_smbId, victims.Select(v => v.Id).ToList())).IsSuccess);
        Watch(first);
        first.Tell(PoisonPill.Instance);
        ExpectTerminated(first);

        var second = Coordinator();
        second.Tell(GetDrainJournalStatus.Instance);
        Assert.Single(ExpectMsg<DrainJournalStatus>().Open);
        var summary = Drain(second);

        Assert.Equal(5, summary.Recovered);
        Assert.Equal(5, summary.DrainResults["completed"]);
        second.Tell(GetDrainJournalStatus.Instance);
        Assert.Empty(ExpectMsg<DrainJournalStatus>().Open);
        foreach (var v in victims)
        {
            var dossier = await _world.Warehouse.ExplainAsync(v.Email!);
            Assert.Contains(dossier.History, h => h.DrainReason == "completed");
            Assert.DoesNotContain(dossier.States, s => s.State == Domain.Leads.LeadState.Active);
        }
        Assert.Equal(145, summary.Checked);
    }
}
