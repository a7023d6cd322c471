using ColdEmail.Domain.Retry;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Sends one batch with a bulk add and settles every lead of it. Leads Instantly did not create are
/// reconciled; a failure whose effect is unknown (5xx, timeout, dropped connection) is reconciled
/// before anything is sent again, so a lead is never added twice. Retries follow the seed's table.
/// </summary>
public sealed class BatchEnroller(
    IInstantlyApi api,
    TimeProvider time,
    Func<TimeSpan, CancellationToken, Task> delay,
    SyncOptions options)
{
    private readonly Reconciler _reconciler = new(api, options.ReconcileChunk);

    /// <param name="priorAttempts">Failed attempts each email already had in earlier runs (its dead letter's count).</param>
    public async Task<IReadOnlyList<LeadOutcome>> EnrolAsync(
        string campaignId, IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int> priorAttempts, CancellationToken ct)
    {
        var outcomes = new List<LeadOutcome>(leads.Count);
        await EnrolAsync(campaignId, leads, priorAttempts, outcomes, ct).ConfigureAwait(false);
        return outcomes;
    }

    private async Task EnrolAsync(
        string campaignId, IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int> prior, List<LeadOutcome> outcomes, CancellationToken ct)
    {
        var pending = leads.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var request = new BulkAddRequest(campaignId, pending.Select(c => c.ToNewLead(options.CustomVariables)).ToList(), SkipIfInWorkspace: true);
            var result = await api.AddLeadsAsync(request, ct).ConfigureAwait(false);
            var ms = (long)result.Elapsed.TotalMilliseconds;
            if (result.IsSuccess)
            {
                await SettleCreatedAsync(campaignId, pending, result.Value, ms, outcomes, ct).ConfigureAwait(false);
                return;
            }

            var error = result.Error;
            var kind = Classify(error);
            switch (kind)
            {
                case FailureKind.Validation when pending.Count > 1:
                    // One bad lead must not sink the rest: split until the culprit stands alone.
                    var half = pending.Count / 2;
                    await EnrolAsync(campaignId, pending[..half], prior, outcomes, ct).ConfigureAwait(false);
                    await EnrolAsync(campaignId, pending[half..], prior, outcomes, ct).ConfigureAwait(false);
                    return;
                case FailureKind.Validation:
                    outcomes.Add(new LeadOutcome(pending[0].Email, OutcomeKind.Quarantine, null,
                        $"Instantly rejected the lead ({error.StatusCode}): {error.Message}", error.StatusCode, kind.ToString(), ApiResponseTimeMs: ms));
                    return;
                case FailureKind.Other:
                    outcomes.AddRange(pending.Select(c => DeadLetter(c, kind, error, attempt, prior, RetryStrategy.Decide(kind, 1, c.Prospect.EstimatedSalesYearly))));
                    return;
            }

            if (kind is FailureKind.ServerError or FailureKind.Duplicate)
            {
                // The add may have been applied (or, for 409, some leads exist): ask Instantly before sending again.
                var (found, reconcileError) = await ReconcileAsync(campaignId, pending.Select(c => c.Email).ToList(), ct).ConfigureAwait(false);
                if (found is null)
                {
                    outcomes.AddRange(pending.Select(c => Unknown(c, error, reconcileError!, attempt, prior)));
                    return;
                }
                pending = TakeFound(pending, found, outcomes, "found in Instantly after a failed add");
                if (kind == FailureKind.Duplicate)
                {
                    outcomes.AddRange(pending.Select(c => DeadLetter(c, kind, error, attempt, prior,
                        RetryStrategy.Decide(FailureKind.Other, 1, c.Prospect.EstimatedSalesYearly))));
                    return;
                }
                if (pending.Count == 0) return;
            }

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

    private async Task SettleCreatedAsync(
        string campaignId, List<Candidate> sent, BulkAddResult added, long ms, List<LeadOutcome> outcomes, CancellationToken ct)
    {
        var created = new bool[sent.Count];
        foreach (var c in added.CreatedLeads)
        {
            var index = c.Index >= 0 && c.Index < sent.Count ? c.Index : sent.FindIndex(s => s.Email == c.Email?.Trim().ToLowerInvariant());
            if (index < 0 || created[index]) continue;
            created[index] = true;
            outcomes.Add(new LeadOutcome(sent[index].Email, OutcomeKind.Active, c.Id, "created by bulk add", ApiResponseTimeMs: ms));
        }
        var rest = sent.Where((_, i) => !created[i]).ToList();
        if (rest.Count == 0) return;

        var (found, error) = await ReconcileAsync(campaignId, rest.Select(c => c.Email).ToList(), ct).ConfigureAwait(false);
        if (found is null)
        {
            // Instantly answered, but we cannot see where the rest went: a later run retries them safely
            // (skip_if_in_workspace stops a second copy).
            outcomes.AddRange(rest.Select(c => new LeadOutcome(c.Email, OutcomeKind.DeadLetter, null,
                $"not created by the bulk add and reconciliation failed: {error}", error!.StatusCode, "ReconcileFailed",
                1, time.GetUtcNow() + RetryStrategy.ServerErrorDelay(1))));
            return;
        }
        rest = TakeFound(rest, found, outcomes, "already in the campaign (reconciled)");
        foreach (var c in rest)
        {
            if (added.RemainingInPlan is 0)
                outcomes.Add(new LeadOutcome(c.Email, OutcomeKind.DeadLetter, null,
                    "not created: the workspace's upload plan is exhausted (remaining_in_plan 0)", null, "PlanExhausted",
                    1, time.GetUtcNow() + TimeSpan.FromHours(24)));
            else
                outcomes.Add(new LeadOutcome(c.Email, OutcomeKind.Quarantine, null, NotCreatedReason(added)));
        }
    }

    /// <summary>Reading is safe to repeat, so a failed reconciliation is tried again within the run.</summary>
    private async Task<(Reconciliation? Result, InstantlyError? Error)> ReconcileAsync(string campaignId, IReadOnlyList<string> emails, CancellationToken ct)
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
        var now = time.GetUtcNow();
        var next = decision.Action == RetryAction.Retry ? now + decision.Delay!.Value
            : decision.Exhausted ? now + TimeSpan.FromSeconds(RetryStrategy.MaxDelaySeconds)
            : (DateTimeOffset?)null;
        return new LeadOutcome(c.Email, OutcomeKind.DeadLetter, null, $"{decision.Reason}; last error: {error}",
            error.StatusCode, kind.ToString(), Attempts(prior, c) + attempts, next, decision.Permanent);
    }

    private LeadOutcome Unknown(Candidate c, InstantlyError addError, InstantlyError reconcileError, int attempts, IReadOnlyDictionary<string, int> prior)
    {
        var total = Attempts(prior, c) + attempts;
        var decision = RetryStrategy.Decide(FailureKind.ServerError, total, c.Prospect.EstimatedSalesYearly);
        var wait = decision.Delay ?? TimeSpan.FromSeconds(RetryStrategy.MaxDelaySeconds);
        // Never permanent: the lead may well be in Instantly, and only a later reconciliation can say.
        return new LeadOutcome(c.Email, OutcomeKind.DeadLetter, null,
            $"bulk add failed ({addError}) and reconciliation failed ({reconcileError}): outcome unknown, a later run reconciles first ({decision.Reason})",
            addError.StatusCode, FailureKind.ServerError.ToString(), total, time.GetUtcNow() + wait);
    }

    public static FailureKind Classify(InstantlyError error) => error.Kind switch
    {
        InstantlyErrorKind.Timeout or InstantlyErrorKind.ConnectionDropped or InstantlyErrorKind.InvalidResponse => FailureKind.ServerError,
        InstantlyErrorKind.Http => FailureClassifier.FromHttpStatus(error.StatusCode) is var k && k == FailureKind.Other && error.StatusCode == 400
            ? FailureKind.Validation : FailureClassifier.FromHttpStatus(error.StatusCode),
        _ => FailureKind.Other,
    };
}
