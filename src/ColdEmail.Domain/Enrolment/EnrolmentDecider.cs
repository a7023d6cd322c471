using System.Collections.Immutable;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Enrolment;

/// <summary>
/// The enrolment of one batch as a pure decider: state + what Instantly answered → the next request and the leads it
/// settles. It splits a batch whose error belongs to some lead until the culprit stands alone, probes a 400 that names
/// nobody, reconciles whatever may have been applied before anything is sent again (so a lead is never added twice),
/// retries 429/5xx within the run, stops the run on a fault of the request or the account, and explains every lead
/// it did not create. The executor (<c>BatchEnroller</c>) only performs the requests it asks for.
/// </summary>
public static class EnrolmentDecider
{
    /// <summary><see cref="LeadSettlement.ErrorKind"/> of a lead left open because its add may have happened and Instantly could not be asked.</summary>
    public const string Unclear = nameof(BulkAddFault.Unclear);

    /// <summary>Begins a batch. <paramref name="runStop"/>: the run already stopped, so nothing will be sent.</summary>
    public static (EnrolmentState State, EnrolmentDecision Next) Start(IReadOnlyList<EnrolmentLead> leads, EnrolmentPolicy policy, string? runStop = null)
    {
        var state = new EnrolmentState([.. leads], policy.Validate(), runStop);
        return leads.Count == 0 ? Advance(state) : Advance(state.Push(new Attempt([.. Enumerable.Range(0, leads.Count)], 1, false)));
    }

    /// <summary>True when some settlement says the batch's fate is unknown: it must stay open (claimed, unsettled).</summary>
    public static bool LeavesBatchOpen(IEnumerable<LeadSettlement> settled) =>
        settled.Any(s => s.Kind == SettlementKind.Returned && s.ErrorKind == Unclear);

    /// <summary>Feeds back the answer to the last request; <paramref name="now"/> dates any retry it schedules.</summary>
    public static (EnrolmentState State, EnrolmentDecision Next) Decide(EnrolmentState state, EnrolmentEvent happened, DateTimeOffset now)
    {
        var waiting = state.Waiting ?? throw new InvalidOperationException("the enrolment is not waiting for an answer");
        state = state with { Waiting = null };
        return (waiting, happened) switch
        {
            (AwaitingAdd a, LeadsAdded added) => SettleCreated(state, a.Attempt.Leads, added),
            (AwaitingAdd a, AddFailed failed) => OnAddFailed(state, a.Attempt, failed, now),
            (AwaitingProbe p, LeadsAdded added) => OnProbeCreated(state, p.Attempt, added),
            (AwaitingProbe p, AddFailed failed) => OnProbeFailed(state, p, failed.Failure),
            (AwaitingFindAfterFailure f, LeadsFound found) => OnFoundAfterFailure(state, f, found.Found, now),
            (AwaitingFindAfterFailure f, FindFailed failed) => Advance(state.Settle(f.Attempt.Leads.Select(i => Untouched(state, i,
                EnrolmentReasons.UnknownAfterFailedAdd(f.Failure, failed.Description), f.Failure.Status, Unclear)))),
            (AwaitingFindNotCreated n, LeadsFound found) => OnFoundNotCreated(state, n, found.Found),
            (AwaitingFindNotCreated n, FindFailed failed) => Advance(state.Settle(n.Rest.Select(i => Untouched(state, i,
                EnrolmentReasons.UnknownAfterAnsweredAdd(failed.Description), failed.Status, Unclear)))),
            (AwaitingPause p, PauseOver) => Advance(state.Push(p.Next)),
            _ => throw new InvalidOperationException($"{happened.GetType().Name} does not answer {waiting.GetType().Name}"),
        };
    }

    /// <summary>Takes the next piece of work: send it, or settle it untouched when the run has stopped.</summary>
    private static (EnrolmentState, EnrolmentDecision) Advance(EnrolmentState state)
    {
        while (!state.Work.IsEmpty)
        {
            var work = state.Work.Peek();
            state = state with { Work = state.Work.Pop() };
            if (state.StopReason is { } stopped)
            {
                state = state.Settle(work.Leads.Select(i => Untouched(state, i, stopped, null, "Stopped")));
                continue;
            }
            return (state with { Waiting = new AwaitingAdd(work) }, new SendLeads(work.Leads));
        }
        return (state, new EnrolmentFinished(state.Settled, state.StopReason));
    }

    private static (EnrolmentState, EnrolmentDecision) OnAddFailed(EnrolmentState state, Attempt attempt, AddFailed failed, DateTimeOffset now)
    {
        var failure = failed.Failure;
        var fault = BulkAddFaults.Classify(failure.Answer, failure.Status, failure.Message);
        if (attempt.LeadFault && fault == BulkAddFault.Ambiguous) fault = BulkAddFault.LeadData;
        switch (fault)
        {
            case BulkAddFault.Account or BulkAddFault.Request or BulkAddFault.NotSent:
                return Advance(Stop(state, attempt.Leads, fault, failure));
            case BulkAddFault.LeadData or BulkAddFault.Ambiguous when attempt.Leads.Length == 1:
                return Advance(state.Settle([new LeadSettlement(Email(state, attempt.Leads[0]), SettlementKind.Quarantine, null,
                    EnrolmentReasons.Rejected(failure), failure.Status, nameof(FailureKind.Validation), ApiResponseTimeMs: failed.ElapsedMs)]));
            case BulkAddFault.LeadData:
                // One bad lead must not sink the rest: split until the culprit stands alone.
                return Advance(Split(state, attempt.Leads));
            case BulkAddFault.Ambiguous:
                // A 400 that names neither a lead nor a field: the first lead goes alone to tell a request fault from a lead's.
                return (state with { Waiting = new AwaitingProbe(attempt, failure) }, new SendLeads([attempt.Leads[0]]));
            case BulkAddFault.Unclear or BulkAddFault.Duplicate:
                // The add may have been applied (or, for 409, some leads exist): ask Instantly before sending again.
                return (state with { Waiting = new AwaitingFindAfterFailure(attempt, fault, failure) },
                    new FindLeads([.. attempt.Leads.Select(i => Email(state, i))]));
            default:
                return RetryOrGiveUp(state, attempt, fault, failure, now);
        }
    }

    /// <summary>429 or an unclear failure that left leads unplaced: send again within the run while every lead may retry, else dead letters.</summary>
    private static (EnrolmentState, EnrolmentDecision) RetryOrGiveUp(
        EnrolmentState state, Attempt attempt, BulkAddFault fault, InstantlyFailure failure, DateTimeOffset now)
    {
        var kind = fault == BulkAddFault.RateLimited ? FailureKind.RateLimited : FailureKind.ServerError;
        var decisions = attempt.Leads
            .Select(i => (Lead: i, Decision: RetryStrategy.Decide(kind, state.Leads[i].PriorAttempts + attempt.Number, state.Leads[i].Revenue)))
            .ToList();
        if (attempt.Number < state.Policy.InRunAttempts && decisions.All(d => d.Decision.Action == RetryAction.Retry))
        {
            var next = attempt with { Number = attempt.Number + 1 };
            return (state with { Waiting = new AwaitingPause(next) }, new PauseBeforeRetry(state.Policy.InRunRetryDelay * attempt.Number));
        }
        return Advance(state.Settle(decisions.Select(d => DeadLetter(state, d.Lead, kind, failure, attempt.Number, d.Decision, now))));
    }

    private static (EnrolmentState, EnrolmentDecision) OnProbeCreated(EnrolmentState state, Attempt attempt, LeadsAdded added)
    {
        // The lone lead was fine, so the batch's error is some other lead's: the rest is split (a single one sent alone).
        var rest = attempt.Leads[1..];
        state = rest.Length == 1 ? state.Push(new Attempt(rest, 1, true)) : Split(state, rest);
        return SettleCreated(state, attempt.Leads[..1], added);
    }

    private static (EnrolmentState, EnrolmentDecision) OnProbeFailed(EnrolmentState state, AwaitingProbe probe, InstantlyFailure failure)
    {
        var leads = probe.Attempt.Leads;
        var fault = BulkAddFaults.Classify(failure.Answer, failure.Status, failure.Message);
        if (fault is BulkAddFault.Account or BulkAddFault.Request or BulkAddFault.NotSent)
            return Advance(Stop(state, leads, fault, failure));
        var batch = probe.BatchFailure;
        if (BulkAddFaults.ProbeShowsRequestError(batch.Status, batch.Message, false, failure.Status, failure.Message))
            return Advance(Stop(state, leads, BulkAddFault.Request, batch));
        // The lone lead failed otherwise: the batch's error is some lead's. The probed lead is sent again in its
        // half; skip_if_in_workspace keeps a second copy out should the probe have been applied after all.
        return Advance(Split(state, leads));
    }

    private static (EnrolmentState, EnrolmentDecision) OnFoundAfterFailure(EnrolmentState state, AwaitingFindAfterFailure f, Reconciliation found, DateTimeOffset now)
    {
        (state, var rest) = TakeFound(state, f.Attempt.Leads, found, EnrolmentReasons.FoundAfterFailedAdd);
        if (f.Fault == BulkAddFault.Duplicate)
        {
            // 409 for leads that are nowhere to be found: nothing to retry, a person looks at them.
            return Advance(state.Settle(rest.Select(i => DeadLetter(state, i, FailureKind.Duplicate, f.Failure, f.Attempt.Number,
                RetryStrategy.Decide(FailureKind.Other, 1, state.Leads[i].Revenue), now))));
        }
        return rest.IsEmpty ? Advance(state) : RetryOrGiveUp(state, f.Attempt with { Leads = rest }, f.Fault, f.Failure, now);
    }

    /// <summary>Leads the add created are active; the others are looked for in Instantly before anything is concluded.</summary>
    private static (EnrolmentState, EnrolmentDecision) SettleCreated(EnrolmentState state, ImmutableArray<int> sent, LeadsAdded added)
    {
        var created = new bool[sent.Length];
        var settled = new List<LeadSettlement>();
        foreach (var c in added.Created)
        {
            // Instantly's index is into the leads sent; an answer without a usable index is matched by its email.
            var index = c.Index >= 0 && c.Index < sent.Length ? c.Index : PositionOf(state, sent, c.Email);
            if (index < 0 || created[index]) continue;
            created[index] = true;
            settled.Add(new LeadSettlement(Email(state, sent[index]), SettlementKind.Active, c.Id, EnrolmentReasons.Created, ApiResponseTimeMs: added.ElapsedMs));
        }
        state = state.Settle(settled);
        var rest = sent.Where((_, i) => !created[i]).ToImmutableArray();
        if (rest.IsEmpty) return Advance(state);
        return (state with { Waiting = new AwaitingFindNotCreated(rest, added) }, new FindLeads([.. rest.Select(i => Email(state, i))]));
    }

    private static (EnrolmentState, EnrolmentDecision) OnFoundNotCreated(EnrolmentState state, AwaitingFindNotCreated n, Reconciliation found)
    {
        (state, var rest) = TakeFound(state, n.Rest, found, EnrolmentReasons.AlreadyInCampaign);
        if (rest.IsEmpty) return Advance(state);
        if (n.Added.RemainingInPlan is 0)
        {
            // The workspace's upload allowance is used up: an account problem, none of these leads' doing.
            state = state with { StopReason = state.StopReason ?? EnrolmentReasons.PlanExhausted };
            return Advance(state.Settle(rest.Select(i => Untouched(state, i, EnrolmentReasons.PlanExhausted, null, nameof(BulkAddFault.Account)))));
        }
        var why = EnrolmentReasons.NotCreated(n.Added);
        return Advance(state.Settle(rest.Select(i => new LeadSettlement(Email(state, i), SettlementKind.Quarantine, null, why))));
    }

    /// <summary>Settles the leads Instantly holds (ours: active; elsewhere: skipped) and returns the rest.</summary>
    private static (EnrolmentState, ImmutableArray<int>) TakeFound(EnrolmentState state, ImmutableArray<int> leads, Reconciliation found, string activeReason)
    {
        var rest = ImmutableArray.CreateBuilder<int>();
        var settled = new List<LeadSettlement>();
        foreach (var i in leads)
        {
            var email = Email(state, i);
            if (found.InCampaign.TryGetValue(email, out var mine))
                settled.Add(new LeadSettlement(email, SettlementKind.Active, mine.Id, activeReason));
            else if (found.Elsewhere.TryGetValue(email, out var other))
                settled.Add(new LeadSettlement(email, SettlementKind.Skipped, other.Id, EnrolmentReasons.AlreadyInWorkspace(other)));
            else
                rest.Add(i);
        }
        return (state.Settle(settled), rest.ToImmutable());
    }

    private static EnrolmentState Split(EnrolmentState state, ImmutableArray<int> leads)
    {
        var half = leads.Length / 2;
        // A stack: the second half is pushed first so the first half is sent (and finished) first.
        return state.Push(new Attempt(leads[half..], 1, true)).Push(new Attempt(leads[..half], 1, true));
    }

    private static EnrolmentState Stop(EnrolmentState state, ImmutableArray<int> leads, BulkAddFault fault, InstantlyFailure failure)
    {
        var reason = EnrolmentReasons.Stopped(fault, failure);
        state = state with { StopReason = state.StopReason ?? reason };
        return state.Settle(leads.Select(i => Untouched(state, i, reason, failure.Status, fault.ToString())));
    }

    /// <summary>A lead this batch did not judge: back to the pool untouched (no state, no dead letter).</summary>
    private static LeadSettlement Untouched(EnrolmentState state, int lead, string reason, int? status, string kind) =>
        new(Email(state, lead), SettlementKind.Returned, null, reason, status, kind);

    private static LeadSettlement DeadLetter(
        EnrolmentState state, int lead, FailureKind kind, InstantlyFailure failure, int attempts, RetryDecision decision, DateTimeOffset now)
    {
        var l = state.Leads[lead];
        var next = decision.Action == RetryAction.Retry ? now + decision.Delay!.Value : (DateTimeOffset?)null;
        return new LeadSettlement(l.Email, SettlementKind.DeadLetter, null, EnrolmentReasons.FailedWith(decision, failure),
            failure.Status, kind.ToString(), l.PriorAttempts + attempts, next, decision.Permanent);
    }

    private static int PositionOf(EnrolmentState state, ImmutableArray<int> sent, string? echoed)
    {
        if (echoed is null) return -1;
        var key = EmailIdentity.Key(echoed);
        for (var p = 0; p < sent.Length; p++)
            if (Email(state, sent[p]) == key) return p;
        return -1;
    }

    private static string Email(EnrolmentState state, int lead) => state.Leads[lead].Email;
}
