using ColdEmail.Domain.Enrolment;
using ColdEmail.Domain.Retry;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// Executes the enrolment of one batch: <see cref="EnrolmentDecider"/> decides (split, probe, reconcile, retry, stop,
/// settle and why); this class only performs the request it asks for — a bulk add, a reconciliation, a pause — and
/// feeds the answer back. A fault of the request or the account stops the enroller: every later batch is
/// <see cref="OutcomeKind.Returned"/> untouched and the run fails.
/// </summary>
public sealed class BatchEnroller(
    IInstantlyApi api,
    TimeProvider time,
    Func<TimeSpan, CancellationToken, Task> delay,
    SyncOptions options)
{
    /// <summary><see cref="LeadOutcome.ErrorKind"/> of a lead left open because its add may have happened and Instantly could not be asked.</summary>
    public const string Unclear = EnrolmentDecider.Unclear;

    private readonly Reconciler _reconciler = new(api, options.ReconcileChunk);
    private readonly EnrolmentPolicy _policy = new(options.InRunAttempts, options.InRunRetryDelay);
    private volatile string? _stop;

    /// <summary>Why this enroller stopped sending (a request or account fault), or null. Once set, every later batch is returned untouched.</summary>
    public string? StopReason => _stop;

    /// <param name="priorAttempts">Failed attempts each email already had in earlier runs (its dead letter's count).</param>
    public async Task<IReadOnlyList<LeadOutcome>> EnrolAsync(
        string campaignId, IReadOnlyList<Candidate> leads, IReadOnlyDictionary<string, int> priorAttempts, CancellationToken ct)
    {
        var batch = leads.Select(c => new EnrolmentLead(c.Email, c.Prospect.EstimatedSalesYearly, priorAttempts.GetValueOrDefault(c.Email))).ToList();
        var (state, next) = EnrolmentDecider.Start(batch, _policy, _stop);
        while (true)
        {
            EnrolmentEvent answer;
            switch (next)
            {
                case SendLeads send:
                    answer = await SendAsync(campaignId, send.Leads.Select(i => leads[i]).ToList(), ct).ConfigureAwait(false);
                    break;
                case FindLeads find:
                    var (found, error) = await ReconcileAsync(campaignId, find.Emails, ct).ConfigureAwait(false);
                    answer = found is null ? new FindFailed(error?.StatusCode, error?.ToString() ?? "no answer") : new LeadsFound(found);
                    break;
                case PauseBeforeRetry pause:
                    await delay(pause.Wait, ct).ConfigureAwait(false);
                    answer = PauseOver.Instance;
                    break;
                case EnrolmentFinished finished:
                    return LeadOutcome.From(finished.Settled);
                default:
                    throw new InvalidOperationException($"unknown enrolment decision {next.GetType().Name}");
            }
            // Batches of one run may be enrolled side by side: a stop of either is seen by the other before its next send.
            if (state.StopReason is { } own) _stop ??= own;
            (state, next) = EnrolmentDecider.Decide(state.StoppedByRun(_stop), answer, time.GetUtcNow());
            if (state.StopReason is { } stop) _stop ??= stop;
        }
    }

    /// <summary>True when some outcome says the batch's fate is unknown: it must stay open (claimed, unsettled).</summary>
    public static bool LeavesBatchOpen(IEnumerable<LeadOutcome> outcomes) =>
        outcomes.Any(o => o.Kind == OutcomeKind.Returned && o.ErrorKind == Unclear);

    private async Task<EnrolmentEvent> SendAsync(string campaignId, IReadOnlyList<Candidate> leads, CancellationToken ct)
    {
        var request = new BulkAddRequest(campaignId, leads.Select(c => c.ToNewLead(options.CustomVariables)).ToList(), SkipIfInWorkspace: true);
        var result = await api.AddLeadsAsync(request, ct).ConfigureAwait(false);
        var ms = (long)result.Elapsed.TotalMilliseconds;
        if (!result.IsSuccess) return new AddFailed(Failure(result.Error), ms);
        var added = result.Value;
        return new LeadsAdded(added.CreatedLeads.Select(c => new CreatedLeadRef(c.Index, c.Id, c.Email)).ToList(),
            added.InBlocklist, added.InvalidEmailCount, added.IncompleteCount, added.DuplicateEmailCount, added.RemainingInPlan, ms);
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

    public static BulkAddFault Classify(InstantlyError error) => BulkAddFaults.Classify(AnswerOf(error), error.StatusCode, error.Message);

    private static InstantlyFailure Failure(InstantlyError error) => new(AnswerOf(error), error.StatusCode, error.Message, error.ToString());

    /// <summary>What kind of answer the adapter's error is, in the terms the fault scope is decided by.</summary>
    private static AnswerKind AnswerOf(InstantlyError error) => error.Kind switch
    {
        InstantlyErrorKind.Http => AnswerKind.Http,
        InstantlyErrorKind.ErrorInBody => AnswerKind.ErrorInBody,
        InstantlyErrorKind.Timeout or InstantlyErrorKind.ConnectionDropped => AnswerKind.NoAnswer,
        InstantlyErrorKind.CircuitOpen => AnswerKind.NotSent,
        _ => AnswerKind.Garbage,
    };
}
