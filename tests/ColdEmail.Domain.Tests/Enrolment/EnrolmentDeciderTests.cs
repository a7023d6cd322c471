using ColdEmail.Domain.Enrolment;
using ColdEmail.Domain.Retry;
using static ColdEmail.Domain.Tests.Enrolment.EnrolmentScript;

namespace ColdEmail.Domain.Tests.Enrolment;

/// <summary>Issue 14 item 4: every branch of the enrolment decision tree, as functions (no HTTP, no actor).</summary>
public class EnrolmentDeciderTests
{
    [Fact]
    public void A_batch_Instantly_creates_whole_is_active_after_one_send()
    {
        var s = new EnrolmentScript(4);
        Assert.Equal([0, 1, 2, 3], s.ExpectSend());
        s.CreateAll();
        var done = s.ExpectFinished();
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal((SettlementKind.Active, IdOf(i), EnrolmentReasons.Created, 42L),
            (s.Settled(i).Kind, s.Settled(i).InstantlyLeadId, s.Settled(i).Reason, s.Settled(i).ApiResponseTimeMs)));
        Assert.Null(done.StopReason);
    }

    [Fact]
    public void An_empty_batch_is_finished_without_a_request() =>
        Assert.Empty(new EnrolmentScript(0).ExpectFinished().Settled);

    [Fact]
    public void A_created_lead_without_a_usable_index_is_matched_by_its_echoed_email()
    {
        var s = new EnrolmentScript(2);
        s.ExpectSend();
        s.Answer(Added([new CreatedLeadRef(-1, "x1", "  LEAD1@shop1.example "), new CreatedLeadRef(0, "x0", null)]));
        Assert.Equal(("x0", "x1"), (s.Settled(0).InstantlyLeadId, s.Settled(1).InstantlyLeadId));
    }

    [Fact]
    public void A_rejected_batch_naming_a_lead_is_split_until_the_culprit_stands_alone()
    {
        var s = new EnrolmentScript(4);
        s.ExpectSend();
        s.Answer(Http(422, "body/leads/2/email must match format \"email\""));
        Assert.Equal([0, 1], s.ExpectSend()); // the first half first
        s.CreateAll();
        Assert.Equal([2, 3], s.ExpectSend());
        s.Answer(Http(422, "body/leads/0/email must match format \"email\""));
        Assert.Equal([2], s.ExpectSend());
        s.Answer(Http(422, "body/leads/0/email must match format \"email\""));
        Assert.Equal([3], s.ExpectSend());
        s.CreateAll();

        var culprit = s.Settled(2);
        Assert.Equal((SettlementKind.Quarantine, nameof(FailureKind.Validation), 422), (culprit.Kind, culprit.ErrorKind, culprit.HttpStatus));
        Assert.Contains("Instantly rejected the lead (422)", culprit.Reason);
        Assert.All(new[] { 0, 1, 3 }, i => Assert.Equal(SettlementKind.Active, s.Settled(i).Kind));
    }

    [Fact]
    public void An_ambiguous_400_probes_one_lead_and_the_same_error_again_stops_the_run_without_blaming_a_lead()
    {
        var s = new EnrolmentScript(3);
        s.ExpectSend();
        s.Answer(Http(400, "Bad Request"));
        Assert.Equal([0], s.ExpectSend());
        s.Answer(Http(400, "Bad Request"));
        var done = s.ExpectFinished();
        Assert.All(done.Settled, o => Assert.Equal((SettlementKind.Returned, nameof(BulkAddFault.Request)), (o.Kind, o.ErrorKind)));
        Assert.StartsWith("Instantly refused the request", done.StopReason);
    }

    [Fact]
    public void An_ambiguous_400_whose_probe_succeeds_settles_the_probe_and_splits_the_rest()
    {
        var s = new EnrolmentScript(3);
        s.ExpectSend();
        s.Answer(Http(400, "Bad Request"));
        Assert.Equal([0], s.ExpectSend());
        s.CreateAll();
        Assert.Equal([1], s.ExpectSend());
        s.CreateAll();
        Assert.Equal([2], s.ExpectSend());
        s.Answer(Http(400, "Bad Request")); // a lead already shown at fault: alone, it is quarantined
        Assert.Equal(SettlementKind.Quarantine, s.Settled(2).Kind);
        Assert.Equal(SettlementKind.Active, s.Settled(0).Kind);
    }

    [Fact]
    public void An_ambiguous_400_whose_probe_fails_otherwise_splits_the_whole_batch()
    {
        var s = new EnrolmentScript(2);
        s.ExpectSend();
        s.Answer(Http(400, "Bad Request"));
        s.ExpectSend();
        s.Answer(Http(400, "something else"));
        Assert.Equal([0], s.ExpectSend());
    }

    [Fact]
    public void Partial_acceptance_reconciles_the_rest_and_explains_each_lead_not_created()
    {
        var s = new EnrolmentScript(4);
        s.ExpectSend();
        s.Answer(Added([new CreatedLeadRef(0, "id-0", null)], blocklisted: 1));
        Assert.Equal([EmailOf(1), EmailOf(2), EmailOf(3)], s.ExpectFind());
        s.Answer(Found(inCampaign: new Dictionary<int, string> { [1] = "mine" }, elsewhere: new Dictionary<int, string> { [2] = "other" }));

        Assert.Equal((SettlementKind.Active, "mine", EnrolmentReasons.AlreadyInCampaign), (s.Settled(1).Kind, s.Settled(1).InstantlyLeadId, s.Settled(1).Reason));
        Assert.Equal((SettlementKind.Skipped, "other"), (s.Settled(2).Kind, s.Settled(2).InstantlyLeadId));
        Assert.Equal("already in the workspace (campaign theirs)", s.Settled(2).Reason);
        Assert.Equal(SettlementKind.Quarantine, s.Settled(3).Kind);
        Assert.Equal("Instantly did not create the lead and it is not in the workspace (batch: 1 in blocklist)", s.Settled(3).Reason);
    }

    [Fact]
    public void Leads_not_created_because_the_upload_plan_is_exhausted_are_returned_and_the_run_stops()
    {
        var s = new EnrolmentScript(2);
        s.ExpectSend();
        s.Answer(Added([], remaining: 0));
        s.ExpectFind();
        s.Answer(Found());
        var done = s.ExpectFinished();
        Assert.Equal(EnrolmentReasons.PlanExhausted, done.StopReason);
        Assert.All(done.Settled, o => Assert.Equal((SettlementKind.Returned, nameof(BulkAddFault.Account)), (o.Kind, o.ErrorKind)));
    }

    [Fact]
    public void Leads_not_created_whose_reconciliation_fails_leave_the_batch_open()
    {
        var s = new EnrolmentScript(2);
        s.ExpectSend();
        s.Answer(Added([new CreatedLeadRef(0, "id-0", null)]));
        s.ExpectFind();
        s.Answer(new FindFailed(503, "Http 503"));
        Assert.Equal((SettlementKind.Returned, EnrolmentDecider.Unclear, 503), (s.Settled(1).Kind, s.Settled(1).ErrorKind, s.Settled(1).HttpStatus));
        Assert.True(EnrolmentDecider.LeavesBatchOpen(s.ExpectFinished().Settled));
    }

    [Fact]
    public void A_409_is_reconciled_and_leads_Instantly_does_not_hold_become_permanent_duplicate_dead_letters()
    {
        var s = new EnrolmentScript(2, prior: 2);
        s.ExpectSend();
        s.Answer(Http(409, "conflict"));
        Assert.Equal([EmailOf(0), EmailOf(1)], s.ExpectFind());
        s.Answer(Found(inCampaign: new Dictionary<int, string> { [0] = "mine" }));
        Assert.Equal((SettlementKind.Active, EnrolmentReasons.FoundAfterFailedAdd), (s.Settled(0).Kind, s.Settled(0).Reason));
        var dead = s.Settled(1);
        Assert.Equal((SettlementKind.DeadLetter, nameof(FailureKind.Duplicate), true, 3, (DateTimeOffset?)null),
            (dead.Kind, dead.ErrorKind, dead.Permanent, dead.RetryCount, dead.NextRetryAt));
    }

    [Fact]
    public void An_add_of_unknown_outcome_is_reconciled_before_anything_is_sent_again()
    {
        var s = new EnrolmentScript(3);
        s.ExpectSend();
        s.Answer(NoAnswer());
        s.ExpectFind(); // never a second send before Instantly was asked
        s.Answer(Found(inCampaign: new Dictionary<int, string> { [0] = "applied" }));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<PauseBeforeRetry>(s.Next).Wait);
        s.Answer(PauseOver.Instance);
        Assert.Equal([1, 2], s.ExpectSend()); // only the leads not found
        s.CreateAll();
        Assert.Equal(("applied", SettlementKind.Active), (s.Settled(0).InstantlyLeadId, s.Settled(0).Kind));
        Assert.Equal(SettlementKind.Active, s.Settled(2).Kind);
    }

    [Fact]
    public void An_add_of_unknown_outcome_that_cannot_be_reconciled_leaves_every_lead_open()
    {
        var s = new EnrolmentScript(2);
        s.ExpectSend();
        s.Answer(Http(502, "bad gateway"));
        s.ExpectFind();
        s.Answer(new FindFailed(null, "Timeout: no answer"));
        var done = s.ExpectFinished();
        Assert.All(done.Settled, o => Assert.Equal((SettlementKind.Returned, EnrolmentDecider.Unclear), (o.Kind, o.ErrorKind)));
        Assert.Contains("reconciliation failed (Timeout: no answer)", done.Settled[0].Reason);
        Assert.True(EnrolmentDecider.LeavesBatchOpen(done.Settled));
        Assert.Null(done.StopReason);
    }

    [Fact]
    public void Rate_limited_adds_are_retried_with_growing_pauses_then_dead_lettered_with_the_seeds_next_retry()
    {
        var s = new EnrolmentScript(1, prior: 1);
        s.ExpectSend();
        s.Answer(Http(429, "slow down"));
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.IsType<PauseBeforeRetry>(s.Next).Wait);
        s.Answer(PauseOver.Instance).ExpectSend();
        s.Answer(Http(429, "slow down"));
        Assert.Equal(TimeSpan.FromSeconds(2), Assert.IsType<PauseBeforeRetry>(s.Next).Wait);
        s.Answer(PauseOver.Instance).ExpectSend();
        s.Now = T0.AddMinutes(5);
        s.Answer(Http(429, "slow down"));
        var dead = s.Settled(0);
        // Prior 1 + 3 attempts in this run = attempt 4 of the seed's 429 table: retry in 240 s, counted from now.
        Assert.Equal((SettlementKind.DeadLetter, nameof(FailureKind.RateLimited), 4, false, 429),
            (dead.Kind, dead.ErrorKind, dead.RetryCount, dead.Permanent, dead.HttpStatus));
        Assert.Equal(s.Now + TimeSpan.FromSeconds(240), dead.NextRetryAt);
        Assert.EndsWith("last error: Http 429: slow down", dead.Reason);
    }

    [Fact]
    public void A_lead_out_of_seed_retries_is_not_retried_in_the_run()
    {
        var s = new EnrolmentScript(1, prior: 5);
        s.ExpectSend();
        s.Answer(Http(429, "slow down"));
        var dead = s.Settled(0);
        Assert.Equal((SettlementKind.DeadLetter, true, 6), (dead.Kind, dead.Permanent, dead.RetryCount));
    }

    [Theory]
    [InlineData(401, nameof(BulkAddFault.Account), "Instantly refused the account or campaign")]
    [InlineData(404, nameof(BulkAddFault.Account), "Instantly refused the account or campaign")]
    [InlineData(400, nameof(BulkAddFault.Request), "Instantly refused the request")]
    public void A_fault_of_the_account_or_request_stops_the_run_and_touches_no_lead(int status, string kind, string what)
    {
        var s = new EnrolmentScript(3);
        s.ExpectSend();
        s.Answer(Http(status, status == 400 ? "body/campaign_id must match format \"uuid\"" : "denied"));
        var done = s.ExpectFinished();
        Assert.All(done.Settled, o => Assert.Equal((SettlementKind.Returned, kind, (int?)status), (o.Kind, o.ErrorKind, o.HttpStatus)));
        Assert.StartsWith(what, done.StopReason);
    }

    [Fact]
    public void A_circuit_open_answer_sent_nothing_and_stops_the_run()
    {
        var s = new EnrolmentScript(1);
        s.ExpectSend();
        s.Answer(new AddFailed(new InstantlyFailure(AnswerKind.NotSent, null, "circuit open", "CircuitOpen: open"), 0));
        Assert.StartsWith("nothing was sent", s.ExpectFinished().StopReason);
    }

    [Fact]
    public void A_run_already_stopped_returns_a_new_batch_untouched_without_a_request()
    {
        var done = new EnrolmentScript(2, runStop: "account refused").ExpectFinished();
        Assert.All(done.Settled, o => Assert.Equal((SettlementKind.Returned, "Stopped", "account refused"), (o.Kind, o.ErrorKind, o.Reason)));
    }

    [Fact]
    public void A_stop_by_another_batch_of_the_run_returns_the_halves_not_yet_sent()
    {
        var s = new EnrolmentScript(4);
        s.ExpectSend();
        s.Answer(Http(422, "body/leads/3/email must match format \"email\""));
        Assert.Equal([0, 1], s.ExpectSend());
        var state = s.State.StoppedByRun("another batch: account refused");
        var (_, next) = EnrolmentDecider.Decide(state, Added([new CreatedLeadRef(0, "a", null), new CreatedLeadRef(1, "b", null)]), T0);
        var done = Assert.IsType<EnrolmentFinished>(next);
        Assert.Equal(2, done.Settled.Count(o => o.Kind == SettlementKind.Active));
        Assert.Equal(2, done.Settled.Count(o => o is { Kind: SettlementKind.Returned, ErrorKind: "Stopped" }));
    }

    [Fact]
    public void An_answer_to_a_question_not_asked_is_refused()
    {
        var s = new EnrolmentScript(1);
        Assert.Throws<InvalidOperationException>(() => EnrolmentDecider.Decide(s.State, PauseOver.Instance, T0));
        s.CreateAll();
        Assert.Throws<InvalidOperationException>(() => EnrolmentDecider.Decide(s.State, PauseOver.Instance, T0));
    }

    [Fact]
    public void A_batch_left_open_is_recovered_from_what_Instantly_holds()
    {
        var emails = new[] { EmailOf(0), EmailOf(1), EmailOf(2) };
        var settled = BatchRecovery.FromReconciliation(emails,
            Found(inCampaign: new Dictionary<int, string> { [0] = "mine" }, elsewhere: new Dictionary<int, string> { [1] = "other" }).Found, "recovered");
        Assert.Equal([SettlementKind.Active, SettlementKind.Skipped, SettlementKind.Returned], settled.Select(o => o.Kind));
        Assert.Equal(["mine", "other", null], settled.Select(o => o.InstantlyLeadId));
        Assert.Equal(EnrolmentReasons.BackToPool, settled[2].Reason);
    }

    [Fact]
    public void A_batch_abandoned_while_Instantly_cannot_be_asked_becomes_permanent_dead_letters_for_a_person()
    {
        var settled = BatchRecovery.AbandonedUnknown("b1", [EmailOf(0)], 503, "Http 503");
        var o = Assert.Single(settled);
        Assert.Equal((SettlementKind.DeadLetter, true, "Abandoned", 503), (o.Kind, o.Permanent, o.ErrorKind, o.HttpStatus));
        Assert.Contains("batch b1 abandoned", o.Reason);
    }
}
