using Akka.Actor;
using ColdEmail.Domain.Enrolment;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Sync;

/// <summary>Release an open batch of this campaign (operator: <c>coldemail ledger abandon BATCH</c>); answered with <see cref="BatchAbandoned"/>.</summary>
public sealed record AbandonBatch(string BatchId);

/// <summary>What abandoning did: leads found in Instantly, returned to the pool, and recorded as unknown for a person.</summary>
public sealed record BatchAbandoned(string Campaign, string BatchId, bool Found, int Active, int Skipped, int Returned, int Unknown, string? Error);

/// <summary>
/// Releases a batch that blocks its campaign. What Instantly can tell is settled as in recovery (found in the
/// campaign: active; elsewhere: skipped; a settled batch keeps its outcomes); when Instantly cannot be asked, each
/// lead is recorded as a permanent dead letter ("abandoned, outcome unknown") for a person to look at, because it
/// may exist in Instantly. Either way the batch is closed in the journal.
/// </summary>
public sealed class BatchAbandoner(CampaignOptions campaign, SyncOptions options, PipelineServices services, IActorRef ledger, IScheduler scheduler)
{
    private readonly ILogger _log = Log.ForContext<BatchAbandoner>().ForContext("Campaign", campaign.Name);

    public async Task<BatchAbandoned> AbandonAsync(OpenBatch? batch, string batchId, CancellationToken ct)
    {
        if (batch is null) return new BatchAbandoned(campaign.Name, batchId, false, 0, 0, 0, 0, null);
        var claim = batch.Claim;
        var now = services.Time.GetUtcNow();
        var outcomes = batch.Outcomes;
        string? error = null;
        if (outcomes is null)
        {
            var enroller = new BatchEnroller(services.Instantly, services.Time, (d, c) => scheduler.WaitAsync(d, c), options);
            var (found, failure) = await enroller.ReconcileAsync(claim.CampaignId, claim.Emails, ct).ConfigureAwait(false);
            error = failure?.ToString();
            outcomes = LeadOutcome.From(found is null
                ? BatchRecovery.AbandonedUnknown(claim.BatchId, claim.Emails, failure?.StatusCode, failure?.ToString())
                : BatchRecovery.FromReconciliation(claim.Emails, found, "found in the campaign when an operator abandoned its batch"));
            await ledger.Ask<LedgerAck>(new PersistLedgerEvent(new BatchSettled(claim.BatchId, outcomes, now)), options.LedgerTimeout).ConfigureAwait(false);
        }
        await new OutcomeWriter(services.Warehouse).WriteAsync(claim.Campaign, claim.CampaignId, outcomes, new Dictionary<string, DeadLetter>(), now, ct).ConfigureAwait(false);
        await ledger.Ask<LedgerAck>(new PersistLedgerEvent(new BatchRecorded(claim.BatchId, now)), options.LedgerTimeout).ConfigureAwait(false);
        var result = new BatchAbandoned(campaign.Name, batchId, true,
            outcomes.Count(o => o.Kind == OutcomeKind.Active), outcomes.Count(o => o.Kind == OutcomeKind.Skipped),
            outcomes.Count(o => o.Kind == OutcomeKind.Returned), outcomes.Count(o => o.Kind == OutcomeKind.DeadLetter), error);
        _log.Warning("Batch {BatchId} of {Campaign} abandoned: {Active} active, {Skipped} skipped, {Returned} returned, {Unknown} unknown",
            batchId, campaign.Name, result.Active, result.Skipped, result.Returned, result.Unknown);
        return result;
    }
}

/// <summary>Outcomes of an unsettled batch from what Instantly holds (decided by <see cref="BatchRecovery"/>).</summary>
public static class RecoveredOutcomes
{
    public static List<LeadOutcome> From(IReadOnlyList<string> emails, Reconciliation found, string activeReason) =>
        [.. LeadOutcome.From(BatchRecovery.FromReconciliation(emails, found, activeReason))];
}
