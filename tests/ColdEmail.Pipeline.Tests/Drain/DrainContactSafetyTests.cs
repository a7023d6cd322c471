using System.Reflection;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Sandbox.Faults;
using ColdEmail.Sandbox.State;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Drain;

/// <summary>
/// Issue 10's drain findings at the level a user meets them: leads enrolled by the real sync into the sandbox over
/// HTTP, a real DuckDB warehouse file, what happens in the workspace staged with the sandbox's scenario operations and
/// scripted faults, then drain runs through the coordinator. The sandbox's engine is off (the clock moves, statuses do
/// not), so each test controls exactly what Instantly reports.
/// </summary>
public sealed class DrainContactSafetyTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private static readonly DrainOptions Options = new() { BatchSize = 50, Workers = 2, CooldownDays = 60 };
    private PipelineWorld _world = null!;
    private string _smbId = null!;
    private string _midsizeId = null!;
    private List<LeadSnapshot> _leads = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(200, mix: ProspectMix.Clean, sandbox: o => new Sandbox.Hosting.SandboxOptions
        {
            RateLimits = o.RateLimits, SaveOnStop = o.SaveOnStop, TimeProvider = o.TimeProvider, Seed = o.Seed, CatchUpOnRequests = false,
        });
        _smbId = _world.Sandbox.CampaignIds["SMB"];
        _midsizeId = _world.Sandbox.CampaignIds["Midsize"];
        var campaign = Sys.ActorOf(TestProps.Campaign(_world.Smb(capacity: 12), new SyncOptions { BatchSize = 50 }, _world.Services()));
        campaign.Tell(new SyncCampaign("seed"));
        Assert.Equal(12, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        _leads = _world.Sandbox.State.AllLeads(_smbId).ToList();
    }

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private IActorRef Coordinator(IInstantlyApi? instantly = null) => Sys.ActorOf(TestProps.Drain(Options, _world.Services(instantly)));

    private DrainRunSummary Drain(IActorRef coordinator, string runId)
    {
        coordinator.Tell(new DrainOnce(runId));
        return ExpectMsg<DrainRunSummary>(RunTimeout);
    }

    private IReadOnlyList<DrainDecided> Open(IActorRef coordinator)
    {
        coordinator.Tell(GetDrainJournalStatus.Instance);
        return ExpectMsg<DrainJournalStatus>().Open;
    }

    /// <summary>Moves time on without the sandbox's engine: Instantly reports exactly what a test staged.</summary>
    private void Later(TimeSpan by) => _world.Clock.Advance(by);

    private bool InInstantly(LeadSnapshot lead) => _world.Sandbox.State.FindById(lead.Id) is not null;

    private async Task<string?> SuppressedAs(LeadSnapshot lead) => (await _world.Warehouse.FindSuppressionAsync(lead.Email!))?.Reason;

    // ---- Finding 2: record first, delete second ----

    [Fact]
    public async Task Finding2_an_unsubscribe_whose_delete_answer_was_lost_is_suppressed_at_once_and_stays_suppressed_when_the_lead_is_gone()
    {
        var lead = _leads[0];
        _world.Sandbox.State.SetStatus(lead.Id, -2);
        // The bulk delete is applied but its answer is lost, and Instantly then fails every lookup and single delete.
        _world.Sandbox.ArmFault(SandboxOperation.BulkDelete, new LoseAnswerFault());
        _world.Sandbox.ArmFault(SandboxOperation.GetLead, new RefuseFault(503, "Service Unavailable") { Times = int.MaxValue });
        _world.Sandbox.ArmFault(SandboxOperation.DeleteLead, new RefuseFault(503, "Service Unavailable") { Times = int.MaxValue });
        var coordinator = Coordinator();

        var first = Drain(coordinator, "drain-1");

        Assert.False(InInstantly(lead));
        Assert.Equal("unsubscribed", await SuppressedAs(lead));
        Assert.False(first.Succeeded);
        Assert.Single(Open(coordinator));

        _world.Sandbox.ClearScriptedFaults();
        Later(TimeSpan.FromDays(1));
        var second = Drain(coordinator, "drain-2");

        Assert.True(second.Succeeded, string.Join("; ", second.Failures));
        Assert.Empty(Open(coordinator));
        Assert.Equal("unsubscribed", await SuppressedAs(lead));
        var dossier = await _world.Warehouse.ExplainAsync(lead.Email!);
        Assert.Contains(dossier.History, h => h.DrainReason == "unsubscribed");
        Assert.DoesNotContain(dossier.History, h => h.DrainReason == DrainBatchProcessor.Missing);
        Assert.StartsWith("suppressed", dossier.ExclusionReason);
    }

    [Fact]
    public async Task Finding2_a_person_suppressed_while_kept_stays_suppressed_when_the_lead_later_disappears()
    {
        var lead = _leads[1];
        _world.Sandbox.State.SetInterest(lead.Id, 1);
        var coordinator = Coordinator();
        Drain(coordinator, "drain-1");
        Assert.Equal("interested", await SuppressedAs(lead));

        Assert.True((await _world.Client.DeleteLeadAsync(lead.Id)).IsSuccess);
        Later(TimeSpan.FromDays(2));
        var second = Drain(coordinator, "drain-2");

        Assert.Equal(1, second.DrainResults[DrainBatchProcessor.Missing]);
        Assert.Equal("interested", await SuppressedAs(lead));
        Assert.StartsWith("suppressed", (await _world.Warehouse.ExplainAsync(lead.Email!)).ExclusionReason);
    }

    // ---- Finding 6: bulk delete verified ----

    [Fact]
    public async Task Finding6_a_bulk_delete_that_removes_fewer_than_sent_leaves_the_rest_open_and_the_next_run_deletes_them()
    {
        var finished = _leads.Take(3).ToList();
        foreach (var l in finished) _world.Sandbox.State.SetStatus(l.Id, 3);
        _world.Sandbox.ArmFault(SandboxOperation.BulkDelete, new PartialDeleteFault(1));
        var coordinator = Coordinator();

        var first = Drain(coordinator, "drain-1");

        Assert.Equal(1, finished.Count(l => !InInstantly(l)));
        Assert.False(first.Succeeded);
        Assert.Equal(2, Assert.Single(Open(coordinator)).Entries.Count);
        foreach (var l in finished) Assert.Contains((await _world.Warehouse.ExplainAsync(l.Email!)).History, h => h.DrainReason == "completed");

        Later(TimeSpan.FromHours(1));
        var second = Drain(coordinator, "drain-2");

        Assert.True(second.Succeeded, string.Join("; ", second.Failures));
        Assert.All(finished, l => Assert.False(InInstantly(l)));
        Assert.Empty(Open(coordinator));
    }

    [Fact]
    public void Finding6_a_bulk_delete_reporting_more_than_sent_is_an_incident_that_fails_the_run()
    {
        var lead = _leads[2];
        _world.Sandbox.State.SetStatus(lead.Id, 3);
        var summary = Drain(Coordinator(CountInflatingApi.Wrap(_world.Client, extra: 5)), "drain-1");

        Assert.False(summary.Succeeded);
        Assert.Contains(summary.Failures, f => f.Contains("incident", StringComparison.Ordinal) && f.Contains("6 leads deleted for 1 ids", StringComparison.Ordinal));
        Assert.False(InInstantly(lead));
    }

    // ---- Finding 7: never delete what is not ours ----

    [Fact]
    public async Task Finding7_an_unsubscribed_lead_a_rep_moved_to_another_campaign_is_recorded_and_released_but_not_deleted()
    {
        var lead = _leads[3];
        _world.Sandbox.State.SetStatus(lead.Id, -2);
        _world.Sandbox.State.MoveLead(lead.Id, _midsizeId);

        var summary = Drain(Coordinator(), "drain-1");

        Assert.True(summary.Succeeded, string.Join("; ", summary.Failures));
        var now = _world.Sandbox.State.FindById(lead.Id);
        Assert.NotNull(now);
        Assert.Equal(_midsizeId, now.CampaignId);
        Assert.Equal("unsubscribed", await SuppressedAs(lead));
        var dossier = await _world.Warehouse.ExplainAsync(lead.Email!);
        Assert.DoesNotContain(dossier.States, s => s.State == LeadState.Active);
    }

    [Fact]
    public async Task Finding7_a_finished_lead_moved_elsewhere_is_released_with_its_cooldown_and_left_in_place()
    {
        var lead = _leads[4];
        _world.Sandbox.State.MoveLead(lead.Id, _midsizeId);

        Drain(Coordinator(), "drain-1");

        Assert.Equal(_midsizeId, _world.Sandbox.State.FindById(lead.Id)?.CampaignId);
        Assert.Null(await SuppressedAs(lead));
        var dossier = await _world.Warehouse.ExplainAsync(lead.Email!);
        Assert.Contains(dossier.History, h => h.DrainReason == DrainBatchProcessor.Moved);
        Assert.DoesNotContain(dossier.States, s => s.State == LeadState.Active);
        // coldemail.limits.cooldown-days (60 here), not a hard-coded 90.
        Assert.Equal($"cooldown until {_world.Clock.GetUtcNow().AddDays(60):yyyy-MM-dd}", dossier.ExclusionReason);
    }

    // ---- Finding 5: auto-replies and interest labels ----

    [Fact]
    public async Task Finding5_labels_suppress_at_first_sight_without_deleting_and_a_fresh_reply_waits_for_its_label()
    {
        var interested = _leads[5];
        var notInterested = _leads[6];
        var freshReply = _leads[7];
        var outOfOffice = _leads[8];
        _world.Sandbox.State.AddReply(interested.Id);
        _world.Sandbox.State.SetInterest(interested.Id, 1);
        _world.Sandbox.State.SetInterest(notInterested.Id, -1);
        _world.Sandbox.State.AddReply(freshReply.Id);
        _world.Sandbox.State.AddReply(outOfOffice.Id, outOfOffice: true, status: 3);
        var coordinator = Coordinator();

        var first = Drain(coordinator, "drain-1");

        Assert.True(first.Succeeded, string.Join("; ", first.Failures));
        Assert.Equal("interested", await SuppressedAs(interested));
        Assert.Equal("not_interested", await SuppressedAs(notInterested));
        Assert.Null(await SuppressedAs(freshReply));
        Assert.Null(await SuppressedAs(outOfOffice));
        Assert.All(new[] { interested, notInterested, freshReply, outOfOffice }, l => Assert.True(InInstantly(l)));

        // A day later the unlabelled reply is genuine: suppressed, and still in its campaign (the sequence is not over).
        Later(TimeSpan.FromHours(25));
        Drain(coordinator, "drain-2");
        Assert.Equal("replied", await SuppressedAs(freshReply));
        Assert.True(InInstantly(freshReply));
        Assert.True(InInstantly(outOfOffice));

        // After the auto-reply hold the finished out-of-office lead drains as completed, with a cooldown, unsuppressed.
        Later(TimeSpan.FromDays(14));
        Drain(coordinator, "drain-3");
        Assert.False(InInstantly(outOfOffice));
        Assert.Null(await SuppressedAs(outOfOffice));
        Assert.Contains((await _world.Warehouse.ExplainAsync(outOfOffice.Email!)).History, h => h.DrainReason == "completed");
    }

    // ---- Finding 9: bounce grace from the bounce ----

    [Fact]
    public async Task Finding9_an_old_lead_that_bounced_yesterday_keeps_its_grace_and_a_bounce_of_unknown_time_counts_from_first_sight()
    {
        Later(TimeSpan.FromDays(30));
        var sentYesterday = _leads[9];
        var unknownTime = _leads[10];
        _world.Sandbox.State.SetStatus(sentYesterday.Id, -1, lastContact: _world.Clock.GetUtcNow().AddDays(-1));
        _world.Sandbox.State.SetStatus(unknownTime.Id, -1);
        Assert.Null(_world.Sandbox.State.FindById(unknownTime.Id)!.TimestampLastContact);
        var coordinator = Coordinator();

        Drain(coordinator, "drain-1");
        Assert.True(InInstantly(sentYesterday));
        Assert.True(InInstantly(unknownTime));
        Assert.Null(await SuppressedAs(sentYesterday));

        Later(TimeSpan.FromDays(6));
        Drain(coordinator, "drain-2");
        Assert.False(InInstantly(sentYesterday));
        Assert.Equal("bounced_hard", await SuppressedAs(sentYesterday));
        Assert.True(InInstantly(unknownTime));

        // The first sight is in the journal: a restarted coordinator still counts from it.
        Watch(coordinator);
        coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(coordinator);
        Later(TimeSpan.FromDays(1));
        Drain(Coordinator(), "drain-3");
        Assert.False(InInstantly(unknownTime));
        Assert.Equal("bounced_hard", await SuppressedAs(unknownTime));
    }

    // ---- Suppression reaches Instantly ----

    [Fact]
    public async Task Unsubscribed_people_are_pushed_to_the_workspace_block_list_and_a_failed_push_is_retried_next_run()
    {
        var unsubscribed = _leads[0];
        var interested = _leads[1];
        _world.Sandbox.State.SetStatus(unsubscribed.Id, -2);
        _world.Sandbox.State.SetInterest(interested.Id, 1);
        _world.Sandbox.ArmFault(SandboxOperation.BlockListBulkCreate, new RefuseFault(503, "Service Unavailable"));
        var coordinator = Coordinator();

        var first = Drain(coordinator, "drain-1");

        Assert.Equal("unsubscribed", await SuppressedAs(unsubscribed));
        Assert.False(_world.Sandbox.State.IsOnBlockList(unsubscribed.Email!));
        Assert.Contains(first.Failures, f => f.Contains("block-list push", StringComparison.Ordinal));
        Assert.DoesNotContain(first.Failures, f => f.Contains(unsubscribed.Email!, StringComparison.OrdinalIgnoreCase));

        Later(TimeSpan.FromHours(1));
        var second = Drain(coordinator, "drain-2");

        Assert.True(second.Succeeded, string.Join("; ", second.Failures));
        Assert.True(_world.Sandbox.State.IsOnBlockList(unsubscribed.Email!));
        Assert.False(_world.Sandbox.State.IsOnBlockList(interested.Email!));
        Assert.Empty(await _world.Warehouse.DeadLettersDueAsync(_world.Clock.GetUtcNow().AddDays(1), 100));
        Assert.Equal("unsubscribed", await SuppressedAs(unsubscribed));
    }

    [Fact]
    public async Task Domain_on_reply_suppresses_the_business_domain_of_a_genuine_replier()
    {
        var replier = _leads[2];
        _world.Sandbox.State.SetInterest(replier.Id, 2);
        var options = Options with { Suppression = new Suppressions.SuppressionOptions { DomainOnReply = true } };

        Drain(Sys.ActorOf(TestProps.Drain(options, _world.Services())), "drain-1");

        var domain = replier.Email![(replier.Email!.IndexOf('@') + 1)..];
        var colleague = await _world.Warehouse.ExplainAsync("someone.else@" + domain);
        Assert.NotNull(colleague.DomainSuppression);
        Assert.Equal(domain, colleague.DomainSuppression.Domain);
    }

    /// <summary>Passes every call through, but reports <c>extra</c> more deleted leads than the bulk delete sent (a fault the sandbox cannot stage).</summary>
    public class CountInflatingApi : DispatchProxy
    {
        private IInstantlyApi _inner = null!;
        private int _extra;

        public static IInstantlyApi Wrap(IInstantlyApi inner, int extra)
        {
            var proxy = Create<IInstantlyApi, CountInflatingApi>();
            var self = (CountInflatingApi)(object)proxy;
            self._inner = inner;
            self._extra = extra;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(_inner, args);
            if (targetMethod.Name != nameof(IInstantlyApi.DeleteLeadsAsync)) return result;
            return Inflate((Task<InstantlyResult<int>>)result!);
        }

        private async Task<InstantlyResult<int>> Inflate(Task<InstantlyResult<int>> call)
        {
            var r = await call.ConfigureAwait(false);
            return r.IsSuccess ? InstantlyResult<int>.Ok(r.Value + _extra) : r;
        }
    }
}
