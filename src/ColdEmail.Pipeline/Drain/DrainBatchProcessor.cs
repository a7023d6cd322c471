using Akka.Actor;
using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Checks one batch of leads: fetch (list by ids, 100 a page), re-confirm the missing with a GET,
/// classify, journal the decision, delete (bulk per campaign; 404 = gone), write history and
/// suppression, stamp the kept. The journal entry comes before the delete, so a crash after the
/// delete is finished by <see cref="CompleteAsync"/> on recovery.
/// </summary>
public sealed class DrainBatchProcessor(PipelineServices services, DrainOptions options, IActorRef journal)
{
    public const string Missing = "missing";
    private readonly IInstantlyApi _instantly = services.Instantly;
    private readonly ILeadWarehouse _warehouse = services.Warehouse;
    private readonly ILogger _log = Log.ForContext<DrainBatchProcessor>();

    private sealed class Counters
    {
        public int Deleted, AlreadyGone;
        public readonly Dictionary<string, int> ByReason = new(StringComparer.Ordinal);
        public readonly List<string> Failures = [];
    }

    public async Task<DrainBatchResult> ProcessAsync(DrainBatch batch, CancellationToken ct)
    {
        var now = batch.Now;
        var counters = new Counters();
        var byId = batch.Candidates.GroupBy(c => c.InstantlyLeadId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var (fetched, unchecked_) = await FetchAsync(byId, counters, ct).ConfigureAwait(false);

        var entries = new List<DrainEntry>();
        var kept = new List<LeadKey>();
        foreach (var (id, candidate) in byId)
        {
            if (unchecked_.Contains(id)) continue;
            if (!fetched.TryGetValue(id, out var lead))
            {
                entries.Add(new DrainEntry(candidate.Email, candidate.CampaignId, id, Missing, "gone", Days(candidate.AddedAt, now),
                    0, 0, 0, null, "not in Instantly (confirmed by GET 404)", AlreadyGone: true));
                continue;
            }
            var decision = DrainClassifier.Classify(LeadSnapshots.From(lead, candidate.Email), options.Policy, now);
            if (decision is DrainDecision.Drain drain)
            {
                entries.Add(new DrainEntry(candidate.Email, lead.CampaignId ?? candidate.CampaignId, id, drain.Code, drain.HistoryOutcome,
                    Days(candidate.AddedAt, now), lead.EmailOpenCount, lead.EmailClickCount, lead.EmailReplyCount,
                    drain.SuppressForever ? drain.Code : null, drain.Explanation, AlreadyGone: false));
            }
            else kept.Add(new LeadKey(candidate.Email, candidate.CampaignId));
        }

        if (entries.Count > 0)
        {
            var decided = new DrainDecided(batch.BatchId, entries, now);
            await journal.Ask<DrainAck>(new PersistDrainEvent(decided), options.LedgerTimeout).ConfigureAwait(false);
            await CompleteAsync(decided, counters, ct).ConfigureAwait(false);
        }
        if (kept.Count > 0) await _warehouse.MarkDrainCheckedAsync(kept, now, ct).ConfigureAwait(false);

        return new DrainBatchResult(batch.BatchId, byId.Count - unchecked_.Count, kept.Count, counters.Deleted, counters.AlreadyGone,
            counters.ByReason, counters.Failures);
    }

    /// <summary>Deletes and records a journalled decision; safe to run again (a second delete is a 404, gone).</summary>
    public async Task<DrainBatchResult> CompleteAsync(DrainDecided decided, CancellationToken ct)
    {
        var counters = new Counters();
        await CompleteAsync(decided, counters, ct).ConfigureAwait(false);
        return new DrainBatchResult(decided.BatchId, 0, 0, counters.Deleted, counters.AlreadyGone, counters.ByReason, counters.Failures);
    }

    private async Task CompleteAsync(DrainDecided decided, Counters counters, CancellationToken ct)
    {
        var removed = new List<DrainEntry>();
        var failed = new List<(DrainEntry Entry, InstantlyError Error)>();
        foreach (var group in decided.Entries.Where(e => !e.AlreadyGone).GroupBy(e => e.CampaignId, StringComparer.Ordinal))
        {
            foreach (var chunk in group.Chunk(options.DeleteChunk))
            {
                var result = await _instantly.DeleteLeadsAsync(group.Key, chunk.Select(e => e.LeadId).ToList(), ct).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    removed.AddRange(chunk);
                    counters.Deleted += chunk.Length;
                    continue;
                }
                // The bulk call failed: fall back to one DELETE per lead, where 404 means already gone.
                foreach (var entry in chunk)
                {
                    var single = await _instantly.DeleteLeadAsync(entry.LeadId, ct).ConfigureAwait(false);
                    if (single.IsSuccess)
                    {
                        removed.Add(entry);
                        if (single.Value == DeleteOutcome.AlreadyGone) counters.AlreadyGone++;
                        else counters.Deleted++;
                    }
                    else failed.Add((entry, single.Error));
                }
            }
        }
        foreach (var gone in decided.Entries.Where(e => e.AlreadyGone))
        {
            removed.Add(gone);
            counters.AlreadyGone++;
        }

        var now = decided.At;
        if (removed.Count > 0)
        {
            await _warehouse.RecordDrainsAsync(removed.Select(e => new DrainRecord(e.Email, e.CampaignId, e.LeadId, e.Reason, e.Outcome, now,
                e.DaysInCampaign, 0, e.EmailsOpened, e.LinksClicked, e.RepliesReceived, e.SuppressionReason,
                System.Text.Json.JsonSerializer.Serialize(new { explanation = e.Explanation }))).ToList(), ct).ConfigureAwait(false);
            foreach (var e in removed) counters.ByReason[e.Reason] = counters.ByReason.GetValueOrDefault(e.Reason) + 1;
        }
        if (failed.Count > 0)
        {
            var at = services.Time.GetUtcNow();
            await _warehouse.UpsertDeadLettersAsync(failed.Select(f => new DeadLetter($"drain_delete:{f.Entry.CampaignId}:{f.Entry.LeadId}", "drain_delete",
                f.Entry.Email, f.Entry.CampaignId, f.Error.Kind.ToString(), f.Error.StatusCode,
                $"could not delete the lead drained as {f.Entry.Reason}: {f.Error}", null, 1, at + TimeSpan.FromMinutes(10), at, at, false)).ToList(), ct)
                .ConfigureAwait(false);
            counters.Failures.AddRange(failed.Select(f => $"delete {f.Entry.LeadId} ({f.Entry.Email}) failed: {f.Error}"));
        }
        await journal.Ask<DrainAck>(new PersistDrainEvent(new DrainRecorded(decided.BatchId, services.Time.GetUtcNow())), options.LedgerTimeout).ConfigureAwait(false);
    }

    /// <summary>Current data for every id; ids that could not be checked (API errors) are left for the next run.</summary>
    private async Task<(Dictionary<string, InstantlyLead> Found, HashSet<string> Unchecked)> FetchAsync(
        Dictionary<string, DrainCandidate> byId, Counters counters, CancellationToken ct)
    {
        var found = new Dictionary<string, InstantlyLead>(StringComparer.Ordinal);
        var unchecked_ = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in byId.Keys.Chunk(100))
        {
            var page = await _instantly.ListLeadsAsync(new ListLeadsRequest { Ids = chunk, Limit = 100 }, ct).ConfigureAwait(false);
            if (!page.IsSuccess)
            {
                counters.Failures.Add($"list of {chunk.Length} leads failed: {page.Error}");
                foreach (var id in chunk) unchecked_.Add(id);
                continue;
            }
            foreach (var lead in page.Value.Items) found[lead.Id] = lead;
        }
        // A lead absent from the list is asked for once more by id before it is treated as gone.
        foreach (var id in byId.Keys.Where(id => !found.ContainsKey(id) && !unchecked_.Contains(id)).ToList())
        {
            var lead = await _instantly.GetLeadAsync(id, ct).ConfigureAwait(false);
            if (lead.IsSuccess) found[id] = lead.Value;
            else if (lead.Error is { Kind: InstantlyErrorKind.Http, StatusCode: 404 }) { }
            else
            {
                unchecked_.Add(id);
                counters.Failures.Add($"re-confirming lead {id} failed: {lead.Error}");
            }
        }
        if (unchecked_.Count > 0) _log.Warning("{Count} leads could not be checked this run; they stay due", unchecked_.Count);
        return (found, unchecked_);
    }

    private static int Days(DateTimeOffset from, DateTimeOffset now) => Math.Max(0, (int)Math.Floor((now - from).TotalDays));
}
