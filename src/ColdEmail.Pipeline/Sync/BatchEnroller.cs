using ColdEmail.Domain.Retry;
using ColdEmail.Instantly;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Sends one batch with a bulk add and settles every lead of it. Leads Instantly did not create are
/// reconciled; a failure whose effect is unknown (5xx, timeout, dropped connection, a 2xx carrying an error)
/// is reconciled before anything is sent again, so a lead is never added twice, and when Instantly cannot be
/// asked the batch stays open for the next run to reconcile (never a dead letter: the lead may exist).
/// A fault of the request or the account (<see cref="BulkAddFault.Account"/>, <see cref="BulkAddFault.Request"/>)
/// stops the enroller: every unsent lead is <see cref="OutcomeKind.Returned"/> untouched and the run fails.
/// Retries follow the seed's table.
/// </summary>
public sealed class BatchEnroller(
    IInstantlyApi api,
    TimeProvider time,
    Func<TimeSpan, CancellationToken, Task> delay,
    SyncOptions options)
{
    /// <summary><see cref="LeadOutcome.ErrorKind"/> of a lead left open because its add may have happened and Instantly could not be asked.</summary>
    public const string Unclear = nameof(BulkAddFault.Unclear);

    private readonly Reconciler _reconciler = new(api, options.ReconcileChunk);
    private volatile string? _stop;

    /// <summary>Why this enroller stopped sending (a request or account fault), or null. Once set, every later batch is returned untouched.</summary>
    public string? StopReason => _stop;

    /// <param name="priorAttempts">Failed attempts each email already had in earlier runs (its dead letter's count).</param>
    public async Task<IReadOnlyList<LeadOutcome>> EnrolAsync(
        string campaignId, IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int> priorAttempts, CancellationToken ct)
    {
        var outcomes = new List<LeadOutcome>(leads.Count);
        await EnrolAsync(campaignId, leads, priorAttempts, outcomes, leadFault: false, ct).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>True when some outcome says the batch's fate is unknown: it must stay open (claimed, unsettled).</summary>
    public static bool LeavesBatchOpen(IEnumerable<LeadOutcome> outcomes) =>
        outcomes.Any(o => o.Kind == OutcomeKind.Returned && o.ErrorKind == Unclear);

    /// <param name="leadFault">A parent batch showed its error belongs to some lead: split without probing again.</param>
    private async Task EnrolAsync(
        string campaignId, IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int> prior, List<LeadOutcome> outcomes, bool leadFault, CancellationToken ct)
    {
        var pending = leads.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            if (_stop is { } stopped)
            {
                outcomes.AddRange(pending.Select(c => Untouched(c, stopped, null, "Stopped")));
                return;
            }
            var result = await SendAsync(campaignId, pending, ct).ConfigureAwait(false);
            var ms = (long)result.Elapsed.TotalMilliseconds;
            if (result.IsSuccess)
            {
                await SettleCreatedAsync(campaignId, pending, result.Value, ms, outcomes, ct).ConfigureAwait(false);
                return;
            }

            var error = result.Error;
            var fault = Classify(error);
            if (leadFault && fault == BulkAddFault.Ambiguous) fault = BulkAddFault.LeadData;
            switch (fault)
            {
                case BulkAddFault.Account or BulkAddFault.Request or BulkAddFault.NotSent:
                    Stop(pending, fault, error, outcomes);
                    return;
                case BulkAddFault.LeadData or BulkAddFault.Ambiguous when pending.Count == 1:
                    outcomes.Add(new LeadOutcome(pending[0].Email, OutcomeKind.Quarantine, null,
                        $"Instantly rejected the lead ({error.StatusCode}): {error.Message}", error.StatusCode, nameof(FailureKind.Validation), ApiResponseTimeMs: ms));
                    return;
                case BulkAddFault.LeadData:
                    // One bad lead must not sink the rest: split until the culprit stands alone.
                    await SplitAsync(campaignId, pending, prior, outcomes, ct).ConfigureAwait(false);
                    return;
                case BulkAddFault.Ambiguous:
                    await ProbeAsync(campaignId, pending, error, prior, outcomes, ct).ConfigureAwait(false);
                    return;
            }

            if (fault is BulkAddFault.Unclear or BulkAddFault.Duplicate)
            {
                // The add may have been applied (or, for 409, some leads exist): ask Instantly before sending again.
                var (found, reconcileError) = await ReconcileAsync(campaignId, pending.Select(c => c.Email).ToList(), ct).ConfigureAwait(false);
                if (found is null)
                {
                    outcomes.AddRange(pending.Select(c => Untouched(c,
                        $"bulk add failed ({error}) and reconciliation failed ({reconcileError}): outcome unknown, the batch stays open and the next run reconciles it first",
                        error.StatusCode, Unclear)));
                    return;
                }
                pending = TakeFound(pending, found, outcomes, "found in Instantly after a failed add");
                if (fault == BulkAddFault.Duplicate)
                {
                    outcomes.AddRange(pending.Select(c => DeadLetter(c, FailureKind.Duplicate, error, attempt, prior,
                        RetryStrategy.Decide(FailureKind.Other, 1, c.Prospect.EstimatedSalesYearly))));
                    return;
                }
                if (pending.Count == 0) return;
            }

            var kind = fault == BulkAddFault.RateLimited ? FailureKind.RateLimited : FailureKind.ServerError;
            var decisions = pending.Select(c => (Lead: c, Decision: RetryStrategy.Decide(kind, Attempts(prior, c) + attempt, c.Prospect.EstimatedSalesYearly))).ToList();
            if (attempt < options.InRunAttempts && decisions.All(d => d.Decision.Action == RetryAction.Retry))
            {
                await delay(options.InRunRetryDelay * attempt, ct).ConfigureAwait(false);
                continue;
            }
            outcomes.AddRange(decisions.Select(d => DeadLetter(d.Lead, kind, error, attempt, prior, d.Decision)));
            return;
        }
    }

    private Task<InstantlyResult<BulkAddResult>> SendAsync(string campaignId, IReadOnlyList<Candidate> leads, CancellationToken ct) =>
        api.AddLeadsAsync(new BulkAddRequest(campaignId, leads.Select(c => c.ToNewLead(options.CustomVariables)).ToList(), SkipIfInWorkspace: true), ct);

    private async Task SplitAsync(string campaignId, List<Candidate> pending, IReadOnlyDictionary<string, int> prior, List<LeadOutcome> outcomes, CancellationToken ct)
    {
        var half = pending.Count / 2;
        await EnrolAsync(campaignId, pending[..half], prior, outcomes, leadFault: true, ct).ConfigureAwait(false);
        await EnrolAsync(campaignId, pending[half..], prior, outcomes, leadFault: true, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A 400 that names neither a lead nor a field: the first lead goes alone. The same error again means the
    /// request is at fault (no split, no lead blamed); success or another error means some lead is.
    /// </summary>
    private async Task ProbeAsync(string campaignId, List<Candidate> pending, InstantlyError batchError, IReadOnlyDictionary<string, int> prior, List<LeadOutcome> outcomes, CancellationToken ct)
    {
        var probe = await SendAsync(campaignId, pending[..1], ct).ConfigureAwait(false);
        if (probe.IsSuccess)
        {
            await SettleCreatedAsync(campaignId, pending[..1], probe.Value, (long)probe.Elapsed.TotalMilliseconds, outcomes, ct).ConfigureAwait(false);
            var rest = pending[1..];
            if (rest.Count == 1) await EnrolAsync(campaignId, rest, prior, outcomes, leadFault: true, ct).ConfigureAwait(false);
            else await SplitAsync(campaignId, rest, prior, outcomes, ct).ConfigureAwait(false);
            return;
        }
        var probeFault = Classify(probe.Error);
        if (probeFault is BulkAddFault.Account or BulkAddFault.Request or BulkAddFault.NotSent)
        {
            Stop(pending, probeFault, probe.Error, outcomes);
            return;
        }
        if (BulkAddFaults.ProbeShowsRequestError(batchError.StatusCode, batchError.Message, false, probe.Error.StatusCode, probe.Error.Message))
        {
            Stop(pending, BulkAddFault.Request, batchError, outcomes);
            return;
        }
        // The lone lead failed otherwise: the batch's error is some lead's. The probed lead is sent again in its
        // half; skip_if_in_workspace keeps a second copy out should the probe have been applied after all.
        await SplitAsync(campaignId, pending, prior, outcomes, ct).ConfigureAwait(false);
    }

    private void Stop(List<Candidate> pending, BulkAddFault fault, InstantlyError error, List<LeadOutcome> outcomes)
    {
        var what = fault switch
        {
            BulkAddFault.Account => "Instantly refused the account or campaign",
            BulkAddFault.NotSent => "nothing was sent",
            _ => "Instantly refused the request",
        };
        var reason = $"{what} ({error}): no lead is at fault, the campaign's run stops and its leads stay ready";
        _stop ??= reason;
        outcomes.AddRange(pending.Select(c => Untouched(c, reason, error.StatusCode, fault.ToString())));
    }

    /// <summary>A lead this batch did not judge: back to the pool untouched (no state, no dead letter).</summary>
    private static LeadOutcome Untouched(Candidate c, string reason, int? status, string kind) =>
        new(c.Email, OutcomeKind.Returned, null, reason, status, kind);

    private async Task SettleCreatedAsync(
        string campaignId, List<Candidate> sent, BulkAddResult added, long ms, List<LeadOutcome> outcomes, CancellationToken ct)
    {
        var created = new bool[sent.Count];
        foreach (var c in added.CreatedLeads)
        {
            var index = c.Index >= 0 && c.Index < sent.Count ? c.Index : sent.FindIndex(s => c.Email is not null && s.Email == EmailIdentity.Key(c.Email));
            if (index < 0 || created[index]) continue;
            created[index] = true;
            outcomes.Add(new LeadOutcome(sent[index].Email, OutcomeKind.Active, c.Id, "created by bulk add", ApiResponseTimeMs: ms));
        }
        var rest = sent.Where((_, i) => !created[i]).ToList();
        if (rest.Count == 0) return;

        var (found, error) = await ReconcileAsync(campaignId, rest.Select(c => c.Email).ToList(), ct).ConfigureAwait(false);
        if (found is null)
        {
            // Instantly answered, but we cannot see where the rest went: the batch stays open and the next run
            // reconciles it before sending anything.
            outcomes.AddRange(rest.Select(c => Untouched(c,
                $"not created by the bulk add and reconciliation failed ({error}): the batch stays open and the next run reconciles it first",
                error!.StatusCode, Unclear)));
            return;
        }
        rest = TakeFound(rest, found, outcomes, "already in the campaign (reconciled)");
        if (rest.Count == 0) return;
        if (added.RemainingInPlan is 0)
        {
            // The workspace's upload allowance is used up: an account problem, none of these leads' doing.
            var reason = "Instantly did not create the leads: the workspace's upload plan is exhausted (remaining_in_plan 0); the campaign's run stops and its leads stay ready";
            _stop ??= reason;
            outcomes.AddRange(rest.Select(c => Untouched(c, reason, null, nameof(BulkAddFault.Account))));
            return;
        }
        foreach (var c in rest) outcomes.Add(new LeadOutcome(c.Email, OutcomeKind.Quarantine, null, NotCreatedReason(added)));
    }

    /// <summary>
    /// Reading is safe to repeat, so a failed reconciliation is tried again, with the same attempts and waits
    /// as any in-run call (recovery of a batch a crash left open uses this too).
    /// </summary>
    public async Task<(Reconciliation? Result, InstantlyError? Error)> ReconcileAsync(string campaignId, IReadOnlyList<string> emails, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (found, error) = await _reconciler.FindAsync(campaignId, emails, ct).ConfigureAwait(false);
            if (found is not null || attempt >= options.InRunAttempts) return (found, error);
            await delay(options.InRunRetryDelay * attempt, ct).ConfigureAwait(false);
        }
    }

    private static List<Candidate> TakeFound(List<Candidate> pending, Reconciliation found, List<LeadOutcome> outcomes, string activeReason)
    {
        var rest = new List<Candidate>(pending.Count);
        foreach (var c in pending)
        {
            if (found.InCampaign.TryGetValue(c.Email, out var mine))
                outcomes.Add(new LeadOutcome(c.Email, OutcomeKind.Active, mine.Id, activeReason));
            else if (found.Elsewhere.TryGetValue(c.Email, out var other))
                outcomes.Add(new LeadOutcome(c.Email, OutcomeKind.Skipped, other.Id,
                    $"already in the workspace (campaign {other.CampaignId ?? "none"})"));
            else
                rest.Add(c);
        }
        return rest;
    }

    private static string NotCreatedReason(BulkAddResult r)
    {
        var causes = new List<string>();
        if (r.InBlocklist > 0) causes.Add($"{r.InBlocklist} in blocklist");
        if (r.InvalidEmailCount > 0) causes.Add($"{r.InvalidEmailCount} invalid email(s)");
        if (r.IncompleteCount > 0) causes.Add($"{r.IncompleteCount} incomplete");
        if (r.DuplicateEmailCount > 0) causes.Add($"{r.DuplicateEmailCount} duplicate(s) in the batch");
        var why = causes.Count == 0 ? "no reason given" : string.Join(", ", causes);
        return $"Instantly did not create the lead and it is not in the workspace (batch: {why})";
    }

    private static int Attempts(IReadOnlyDictionary<string, int> prior, Candidate c) => prior.GetValueOrDefault(c.Email);

    private LeadOutcome DeadLetter(Candidate c, FailureKind kind, InstantlyError error, int attempts, IReadOnlyDictionary<string, int> prior, RetryDecision decision)
    {
        var next = decision.Action == RetryAction.Retry ? time.GetUtcNow() + decision.Delay!.Value : (DateTimeOffset?)null;
        return new LeadOutcome(c.Email, OutcomeKind.DeadLetter, null, $"{decision.Reason}; last error: {error}",
            error.StatusCode, kind.ToString(), Attempts(prior, c) + attempts, next, decision.Permanent);
    }

    public static BulkAddFault Classify(InstantlyError error)
    {
        var answer = error.Kind switch
        {
            InstantlyErrorKind.Http => AnswerKind.Http,
            InstantlyErrorKind.ErrorInBody => AnswerKind.ErrorInBody,
            InstantlyErrorKind.Timeout or InstantlyErrorKind.ConnectionDropped => AnswerKind.NoAnswer,
            InstantlyErrorKind.CircuitOpen => AnswerKind.NotSent,
            _ => AnswerKind.Garbage,
        };
        return BulkAddFaults.Classify(answer, error.StatusCode, error.Message);
    }
}
