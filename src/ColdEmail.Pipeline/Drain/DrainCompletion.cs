using Akka.Actor;
using ColdEmail.Domain.Drain;
using ColdEmail.Domain.Verification;
using ColdEmail.Pipeline.Suppressions;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Record first, delete second. A journalled decision is written to the warehouse (history, suppression,
/// state) before Instantly is asked to delete anything; then each delete is verified
/// (<see cref="DeleteVerifier"/>); the leads confirmed gone close their part of the decision, the rest stay
/// open in the journal and are retried at the start of the next run.
/// </summary>
internal sealed class DrainCompletion(PipelineServices services, DrainOptions options, IActorRef journal)
{
    private readonly ILeadWarehouse _warehouse = services.Warehouse;
    private readonly DeleteVerifier _verifier = new(services.Instantly);
    private readonly BlockListPusher _blockList = new(services.Instantly, services.Warehouse, services.Time);
    private readonly ILogger _log = Log.ForContext<DrainCompletion>();

    public async Task CompleteAsync(DrainDecided decided, DrainCounters counters, CancellationToken ct)
    {
        // 1. Record. Idempotent (history keyed by drained_at, suppression by email), so a replay writes it again safely.
        await _warehouse.RecordDrainsAsync(decided.Entries.Select(e => e.ToRecord(decided.At)).ToList(), ct).ConfigureAwait(false);
        foreach (var e in decided.Entries)
        {
            counters.Drained(e.Reason);
            services.Metrics?.LeadDrained(e.CampaignId, e.Reason);
        }
        var suppressed = decided.Entries.Where(e => e.SuppressionReason is not null)
            .Select(e => new Suppression(e.Email, e.SuppressionReason!, decided.At)).ToList();
        if (suppressed.Count > 0) await AfterSuppressionAsync(suppressed, counters, ct).ConfigureAwait(false);

        // 2. Delete only what is ours and still there, and verify it.
        var confirmed = new List<string>();
        foreach (var e in decided.Entries.Where(e => e.NeedsNoDelete))
        {
            confirmed.Add(e.LeadId);
            if (e.AlreadyGone) counters.AlreadyGone++;
        }
        foreach (var group in decided.Entries.Where(e => !e.NeedsNoDelete).GroupBy(e => e.CampaignId, StringComparer.Ordinal))
        {
            foreach (var chunk in group.Chunk(options.DeleteChunk))
            {
                var result = await _verifier.DeleteAsync(group.Key, chunk.Select(e => e.LeadId).ToList(), ct).ConfigureAwait(false);
                confirmed.AddRange(result.Confirmed);
                counters.Deleted += result.Deleted;
                counters.AlreadyGone += result.AlreadyGone;
                counters.Open += result.Open.Count;
                counters.Failures.AddRange(result.Problems);
            }
        }

        // 3. Close what is confirmed; what is not stays open for the next run.
        IDrainEvent closing = confirmed.Count == decided.Entries.Count
            ? new DrainRecorded(decided.BatchId, services.Time.GetUtcNow())
            : new DrainConfirmed(decided.BatchId, confirmed, services.Time.GetUtcNow());
        if (closing is DrainConfirmed { LeadIds.Count: 0 })
        {
            _log.Warning("Drain decision {Batch}: none of {Count} deletes confirmed; retried next run", decided.BatchId, decided.Entries.Count);
            return;
        }
        await journal.Ask<DrainAck>(new PersistDrainEvent(closing), options.LedgerTimeout).ConfigureAwait(false);
        if (closing is DrainConfirmed)
            _log.Warning("Drain decision {Batch}: {Open} of {Count} deletes not confirmed; they stay open and are retried next run",
                decided.BatchId, decided.Entries.Count - confirmed.Count, decided.Entries.Count);
    }

    /// <summary>
    /// What follows a recorded suppression outside the suppression table: the replier's business domain (when
    /// domain-on-reply is on) and Instantly's block list (for the configured reasons). Neither can undo the suppression:
    /// a failed push is retried on the next run.
    /// </summary>
    public async Task AfterSuppressionAsync(IReadOnlyList<Suppression> suppressed, DrainCounters counters, CancellationToken ct)
    {
        foreach (var s in suppressed) services.Metrics?.Suppressed(s.Reason);
        var opts = options.Suppression;
        if (opts.DomainOnReply)
        {
            var domains = suppressed
                .Select(s => (Domain: ReplyDomain.ToSuppress(s.Email, s.Reason, DomainList.FreeMail.Value), s.Reason, s.Since))
                .Where(d => d.Domain is not null)
                .GroupBy(d => d.Domain!, StringComparer.Ordinal)
                .Select(g => new DomainSuppression(g.Key, "domain-on-reply: " + g.First().Reason, g.First().Since))
                .ToList();
            if (domains.Count > 0) await _warehouse.AddDomainSuppressionsAsync(domains, ct).ConfigureAwait(false);
        }
        var toBlock = suppressed.Where(s => opts.BlockListReasons.Contains(s.Reason)).Select(s => s.Email).ToList();
        if (toBlock.Count > 0) counters.Failures.AddRange(await _blockList.PushAsync(toBlock, ct).ConfigureAwait(false));
    }
}
