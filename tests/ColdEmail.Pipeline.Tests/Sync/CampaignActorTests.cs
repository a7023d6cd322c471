using Akka.Actor;
using Akka.TestKit.Xunit2;
using ColdEmail.Domain.Leads;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>The campaign actor with its journal in memory, against the real sandbox and a DuckDB file.</summary>
public sealed class CampaignActorTests() : TestKit(PersistenceConfig.InMemory), IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { BatchSize = 25, InRunRetryDelay = TimeSpan.Zero, SnapshotEvery = 7 };
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(30);
    private PipelineWorld _world = null!;

    public async Task InitializeAsync() => _world = await PipelineWorld.StartAsync(400, mix: new ProspectMix(Invalid: 0.05, Duplicates: 0.03));

    public async Task DisposeAsync()
    {
        Shutdown();
        await _world.DisposeAsync();
    }

    private IActorRef Campaign(CampaignOptions options) => Sys.ActorOf(TestProps.Campaign(options, Options, _world.Services()));

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

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);
    }

    private async Task<Dictionary<string, LeadStateRow>> StatesAsync(string email)
    {
        var dossier = await _world.Warehouse.ExplainAsync(email);
        return dossier.States.ToDictionary(s => s.CampaignId);
    }

    [Fact]
    public async Task A_sync_fills_the_campaign_to_its_target_with_the_best_ready_leads()
    {
        var smb = _world.Smb(capacity: 60);
        var expected = (await _world.ReadyAsync(smb, Options)).Where(c => c.IsValid).Take(60).Select(c => c.Email).ToHashSet();

        var result = Sync(Campaign(smb));

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(60, result.Plan!.ToAdd);
        Assert.Equal(60, result.Created);
        var inSandbox = _world.Sandbox.State.AllLeads(smb.InstantlyCampaignId).Select(l => l.Email!).ToHashSet();
        Assert.Equal(expected, inSandbox);
        var active = await _world.Warehouse.CountActiveByCampaignAsync();
        Assert.Equal(60, active[smb.InstantlyCampaignId!]);
    }

    [Fact]
    public async Task Addresses_the_verification_rules_refuse_are_quarantined_with_the_reason()
    {
        var smb = _world.Smb(capacity: 100);
        var ready = await _world.ReadyAsync(smb, Options);
        var refused = new List<Candidate>();
        var valid = 0;
        foreach (var c in ready)
        {
            if (valid == 100) break;
            if (c.IsValid) valid++;
            else refused.Add(c);
        }
        Assert.NotEmpty(refused);

        var result = Sync(Campaign(smb));

        Assert.Equal(100, result.Created);
        Assert.Equal(refused.Count, result.Quarantined);
        Assert.Equal(refused.Count, result.Verification.Rejected);
        foreach (var c in refused)
        {
            var state = (await StatesAsync(c.Email))[smb.InstantlyCampaignId!];
            Assert.Equal(LeadState.Quarantine, state.State);
            Assert.Equal(c.RejectReason, state.Reason);
            Assert.Equal(0, _world.CopiesInSandbox(c.Email));
        }
    }

    [Fact]
    public void A_second_run_on_a_stocked_campaign_adds_nothing()
    {
        var smb = _world.Smb(capacity: 30);
        var campaign = Campaign(smb);
        Assert.Equal(30, Sync(campaign).Created);
        var again = Sync(campaign, "run-2");
        Assert.Equal(0, again.Plan!.ToAdd);
        Assert.Equal(0, again.Created);
        Assert.Equal(30, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public async Task Leads_Instantly_holds_but_the_warehouse_does_not_know_count_against_the_target()
    {
        var smb = _world.Smb(capacity: 30);
        var ready = (await _world.ReadyAsync(smb, Options)).Where(c => c.IsValid).ToList();
        var byHand = ready.TakeLast(12).Select(c => c.ToNewLead()).ToList();
        Assert.True((await _world.Client.AddLeadsAsync(new Instantly.BulkAddRequest(smb.InstantlyCampaignId!, byHand))).IsSuccess);

        var result = Sync(Campaign(smb));

        Assert.Equal(12, result.Plan!.Active);
        Assert.Equal(18, result.Created);
        Assert.Equal(30, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public void Asking_again_for_the_same_run_never_starts_a_second_run_but_a_new_run_id_does()
    {
        var smb = _world.Smb(capacity: 60);
        var campaign = Campaign(smb);
        var first = CreateTestProbe();
        var repeat = CreateTestProbe();

        // A sync run asks again while the campaign is still running it (as after a cluster node died): it joins the run.
        campaign.Tell(new SyncCampaign("run-1"), first.Ref);
        campaign.Tell(new SyncCampaign("run-1"), repeat.Ref);
        var answer = first.ExpectMsg<CampaignSyncResult>(RunTimeout);
        Assert.True(answer.Succeeded, string.Join("; ", answer.Failures));
        Assert.Equal(60, answer.Created);
        Assert.Equal(60, repeat.ExpectMsg<CampaignSyncResult>(RunTimeout).Created);

        // A repeat after the run ended gets that run's answer again; a second run would have found nothing to add.
        Assert.Equal(60, Sync(campaign, "run-1").Created);
        Assert.Equal(60, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
        Assert.Equal(0, Sync(campaign, "run-2").Created);
        Assert.All(_world.Sandbox.State.AllLeads(smb.InstantlyCampaignId).GroupBy(l => l.Email), g => Assert.Single(g));
    }

    [Fact]
    public void Repeats_of_a_run_that_waits_for_the_one_in_progress_are_queued_once_and_every_asker_is_answered()
    {
        var smb = _world.Smb(capacity: 60);
        var campaign = Campaign(smb);
        var waiting = CreateTestProbe();

        campaign.Tell(new SyncCampaign("run-1"));
        campaign.Tell(new SyncCampaign("run-2"), waiting.Ref);
        campaign.Tell(new SyncCampaign("run-2"), waiting.Ref);
        campaign.Tell(new SyncCampaign("run-2"));

        Assert.Equal(60, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        // run-2 ran once, after run-1: nothing left to add, and each distinct asker got one answer.
        Assert.Equal(0, ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        Assert.Equal(0, waiting.ExpectMsg<CampaignSyncResult>(RunTimeout).Created);
        waiting.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(60, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public void Asked_to_hand_off_mid_run_a_campaign_settles_the_batches_in_flight_starts_no_other_then_stops_and_an_idle_one_stops_at_once()
    {
        // Sharding's hand-off (a node leaving, a rebalance) used to stop the entity between a batch's claim and its
        // settlement, leaving the batch to be reconciled by the campaign's next home. Then it waited for the whole run,
        // which at 20,000 leads held a SIGTERM hand-over for 36 s.
        var smb = _world.Smb(capacity: 60);
        var gated = new GatedAdds(_world.Client);
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, _world.Services(gated)));
        Watch(campaign);

        campaign.Tell(new SyncCampaign("run-1"));
        // Two batches of 25 at the gate (the run's parallelism); the third, 10 leads, waits for a slot.
        AwaitCondition(() => gated.Waiting == Options.BatchParallelism, TimeSpan.FromSeconds(15));
        campaign.Tell(CampaignHandOff.Instance);
        campaign.Tell(new SyncCampaign("run-2")); // arrives while handing off: left for the next home, never started here
        ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // neither an answer nor Terminated while the batch is in flight

        gated.Open();
        var result = ExpectMsg<CampaignSyncResult>(RunTimeout);
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.True(result.HandedOff, "the answer of a run cut short by the hand-off must say so: the sync run then asks the next home for the rest");
        // What the two batches in flight created (their invalid leads were quarantined); the third batch was never claimed.
        Assert.InRange(result.Created, 1, 49);
        Assert.Equal(Options.BatchParallelism, gated.Waiting);
        ExpectTerminated(campaign, RunTimeout);

        var next = Campaign(smb);
        Assert.Empty(Ledger(next).Open); // settled by the run itself, nothing left to reconcile
        Assert.Equal(result.Created, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
        // The next home's run adds the rest of the plan.
        next.Tell(new SyncCampaign("run-3"));
        var rest = ExpectMsg<CampaignSyncResult>(RunTimeout);
        Assert.Equal(60 - result.Created, rest.Created);
        Assert.False(rest.HandedOff);
        Assert.Equal(60, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
        Watch(next);
        next.Tell(CampaignHandOff.Instance);
        ExpectTerminated(next);
    }

    [Fact]
    public void Asked_to_hand_off_while_its_ready_set_is_still_being_ranked_a_campaign_cancels_the_read_and_stops_at_once()
    {
        // At 20,000 leads on a loaded PostgreSQL warehouse a SIGTERM hand-over took 34 s: the leaving campaign waited for
        // its ranking query to return its first row, only to start no batch with it.
        var smb = _world.Smb(capacity: 60);
        var ranking = ReadyReads.Wrap(_world.Warehouse, endless: true);
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, new PipelineServices(_world.Client, ranking, _world.Clock)));
        Watch(campaign);

        campaign.Tell(new SyncCampaign("run-1"));
        AwaitCondition(() => ReadyReads.Of(ranking).Reading, TimeSpan.FromSeconds(15));
        campaign.Tell(CampaignHandOff.Instance);

        var result = ExpectMsg<CampaignSyncResult>(TimeSpan.FromSeconds(10));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(0, result.Created);
        Assert.True(result.HandedOff);
        ExpectTerminated(campaign, TimeSpan.FromSeconds(10));
        Assert.True(ReadyReads.Of(ranking).Cancelled, "the read was not cancelled");
        Assert.Equal(0, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
        Assert.Empty(Ledger(Campaign(smb)).Open);
    }

    [Fact]
    public async Task A_run_that_reads_its_whole_ready_set_ranks_it_once()
    {
        // A plan larger than the pool read every ready lead in its first round, then ranked the warehouse again to find
        // nothing new: at 1.2 million prospects that second ranking held DuckDB at its memory limit for 7 s per campaign.
        var smb = _world.Smb(capacity: 5_000);
        var ready = (await _world.ReadyAsync(smb, Options)).Count(c => c.IsValid);
        var reads = ReadyReads.Wrap(_world.Warehouse, endless: false);
        var campaign = Sys.ActorOf(TestProps.Campaign(smb, Options, new PipelineServices(_world.Client, reads, _world.Clock)));

        var result = Sync(campaign);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.True(ready > 0 && ready < result.Plan!.ToAdd, $"the pool ({ready}) must be smaller than the plan ({result.Plan!.ToAdd})");
        Assert.Equal(ready, result.Created);
        Assert.Equal(1, ReadyReads.Of(reads).Reads);
    }

    /// <summary>
    /// A warehouse that counts the readings of the ready set and, when endless, never yields a row of one until it is
    /// cancelled (a ranking that takes very long).
    /// </summary>
    public class ReadyReads : System.Reflection.DispatchProxy
    {
        private ILeadWarehouse _inner = null!;
        private bool _endless;
        private int _reads;
        private volatile bool _reading;
        private volatile bool _cancelled;

        public int Reads => Volatile.Read(ref _reads);
        public bool Reading => _reading;
        public bool Cancelled => _cancelled;

        public static ILeadWarehouse Wrap(ILeadWarehouse inner, bool endless)
        {
            var proxy = Create<ILeadWarehouse, ReadyReads>();
            var self = (ReadyReads)(object)proxy;
            self._inner = inner;
            self._endless = endless;
            return proxy;
        }

        public static ReadyReads Of(ILeadWarehouse proxy) => (ReadyReads)(object)proxy;

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(ILeadWarehouse.StreamReadyLeadsAsync))
            {
                Interlocked.Increment(ref _reads);
                if (_endless) return Never((CancellationToken)args![1]!);
            }
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        private async IAsyncEnumerable<ColdEmail.Domain.Leads.Prospect> Never([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            _reading = true;
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            finally
            {
                _cancelled = ct.IsCancellationRequested;
            }
            yield break;
        }
    }

    /// <summary>Bulk adds wait at a gate until <see cref="Open"/>, then go through.</summary>
    private sealed class GatedAdds(Instantly.IInstantlyApi inner) : ForwardingApi(inner)
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public void Open() => _gate.TrySetResult();

        public override async Task<Instantly.InstantlyResult<Instantly.BulkAddResult>> AddLeadsAsync(Instantly.BulkAddRequest request, CancellationToken ct = default)
        {
            Interlocked.Increment(ref _waiting);
            await _gate.Task.WaitAsync(ct);
            return await base.AddLeadsAsync(request, ct);
        }
    }

    [Fact]
    public async Task Stopped_between_claim_and_settle_the_restarted_actor_neither_duplicates_nor_loses_a_lead()
    {
        var smb = _world.Smb(capacity: 40);
        var ready = (await _world.ReadyAsync(smb, Options)).Where(c => c.IsValid).Take(40).ToList();
        var claimed = ready.Take(20).ToList();
        var first = Campaign(smb);

        // The run journalled its claim and sent the add; Instantly applied half of it; then the node died.
        first.Tell(new PersistLedgerEvent(new BatchClaimed("crashed-run:SMB:1", "SMB", smb.InstantlyCampaignId!, claimed.Select(c => c.Email).ToList(), _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        var applied = claimed.Take(10).ToList();
        var add = await _world.Client.AddLeadsAsync(new Instantly.BulkAddRequest(smb.InstantlyCampaignId!, applied.Select(c => c.ToNewLead()).ToList()));
        Assert.True(add.IsSuccess);
        var idsBeforeCrash = add.Value.CreatedLeads.ToDictionary(c => applied[c.Index].Email, c => c.Id);
        Stop(first);

        var second = Campaign(smb);
        var open = Assert.Single(Ledger(second).Open);
        Assert.False(open.IsSettled);

        var result = Sync(second, "run-2");

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(10, result.Recovered);
        Assert.Equal(10, result.Returned);
        Assert.Empty(Ledger(second).Open);
        foreach (var lead in ready)
        {
            var copy = Assert.Single(_world.Sandbox.State.FindByEmail(lead.Email));
            var state = (await StatesAsync(lead.Email))[smb.InstantlyCampaignId!];
            Assert.Equal(LeadState.Active, state.State);
            Assert.Equal(copy.Id, state.InstantlyLeadId);
            if (idsBeforeCrash.TryGetValue(lead.Email, out var id)) Assert.Equal(id, copy.Id);
        }
        Assert.Equal(40, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public async Task A_batch_settled_but_not_recorded_is_written_to_the_warehouse_after_a_restart()
    {
        var smb = _world.Smb(capacity: 5);
        var lead = (await _world.ReadyAsync(smb, Options)).First(c => c.IsValid);
        var add = await _world.Client.AddLeadsAsync(new Instantly.BulkAddRequest(smb.InstantlyCampaignId!, [lead.ToNewLead()]));
        var id = Assert.Single(add.Value!.CreatedLeads).Id;
        var first = Campaign(smb);
        first.Tell(new PersistLedgerEvent(new BatchClaimed("b1", "SMB", smb.InstantlyCampaignId!, [lead.Email], _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        first.Tell(new PersistLedgerEvent(new BatchSettled("b1", [new LeadOutcome(lead.Email, OutcomeKind.Active, id, "created by bulk add")], _world.Clock.GetUtcNow())));
        ExpectMsg<LedgerAck>();
        Stop(first);

        var second = Campaign(smb);
        Assert.True(Assert.Single(Ledger(second).Open).IsSettled);
        var result = Sync(second, "run-2");

        Assert.Equal(1, result.Recovered);
        var state = (await StatesAsync(lead.Email))[smb.InstantlyCampaignId!];
        Assert.Equal(LeadState.Active, state.State);
        Assert.Equal(id, state.InstantlyLeadId);
        Assert.Equal(1, _world.CopiesInSandbox(lead.Email));
        Assert.Equal(5, _world.Sandbox.State.CountLeads(smb.InstantlyCampaignId!));
    }

    [Fact]
    public void The_ledger_survives_a_restart_through_its_snapshots()
    {
        var smb = _world.Smb(capacity: 100);
        var first = Campaign(smb);
        Assert.Equal(100, Sync(first).Created);
        var before = Ledger(first);
        Stop(first);

        var second = Campaign(smb);
        var after = Ledger(second);
        Assert.Equal(before.BatchesRecorded, after.BatchesRecorded);
        Assert.Equal(before.LeadsRecorded, after.LeadsRecorded);
        Assert.Empty(after.Open);
    }

    [Fact]
    public async Task Leads_failing_in_Instantly_become_dead_letters_with_their_next_retry()
    {
        var smb = _world.Smb(capacity: 10);
        _world.Sandbox.SetFaults(new Sandbox.Faults.FaultOptions(TooManyRequestsRate: 1.0));
        var result = Sync(Campaign(smb));
        Assert.Equal(0, result.Created);
        Assert.Equal(10, result.DeadLettered);
        var letters = await _world.Warehouse.ListDeadLettersAsync(includeResolved: false, 100);
        Assert.Equal(10, letters.Count);
        Assert.All(letters, l =>
        {
            Assert.Equal(OutcomeWriter.Operation, l.Operation);
            Assert.Equal(429, l.HttpStatus);
            Assert.NotNull(l.NextRetryAt);
            Assert.Contains("rate limited", l.Message);
        });
    }
}
