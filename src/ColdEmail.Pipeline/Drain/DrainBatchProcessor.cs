using Akka.Actor;
using ColdEmail.Domain.Drain;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Drain;

/// <summary>
/// Checks one batch of leads: fetch (list by ids, 100 a page), re-confirm the missing with a GET,
/// classify, then record first and delete second (<see cref="DrainCompletion"/>). A person the rules
/// suppress at first sight is suppressed even when the lead stays in its campaign; a lead that is no
/// longer in the campaign we enrolled it in (moved by a rep, or in a lead list) gets its outcome recorded
/// and our tracking released, never a delete.
/// </summary>
public sealed class DrainBatchProcessor(PipelineServices services, DrainOptions options, IActorRef journal)
{
    public const string Missing = "missing";
    /// <summary>Reason recorded for a lead that left our campaign (moved elsewhere or into a lead list) while the rules kept it.</summary>
    public const string Moved = "moved";
    private readonly IInstantlyApi _instantly = services.Instantly;
    private readonly ILeadWarehouse _warehouse = services.Warehouse;
    private readonly DrainCompletion _completion = new(services, options, journal);
    private readonly ILogger _log = Log.ForContext<DrainBatchProcessor>();

    public async Task<DrainBatchResult> ProcessAsync(DrainBatch batch, CancellationToken ct)
    {
        var now = batch.Now;
        var counters = new DrainCounters();
        var plan = await DecideAsync(batch, counters, ct).ConfigureAwait(false);
        var checkedCount = batch.Candidates.Select(c => c.InstantlyLeadId).Distinct(StringComparer.Ordinal).Count() - plan.Unchecked.Count;
        // A dry batch stops here, before the first write: the decisions go back to the caller instead.
        if (batch.Dry)
            return new DrainBatchResult(batch.BatchId, checkedCount, plan.Kept.Count, 0, 0, new Dictionary<string, int>(), counters.Failures, plan);

        // Suppression at first sight: the person stays in the campaign (the sales team follows up there) but no
        // campaign enrols them again, from this moment.
        var suppressNow = plan.Kept.Where(k => k.SuppressionReason is not null).Select(k => new Suppression(k.Email, k.SuppressionReason!, now)).ToList();
        if (suppressNow.Count > 0)
        {
            await _warehouse.AddSuppressionsAsync(suppressNow, ct).ConfigureAwait(false);
            foreach (var s in suppressNow) counters.Suppressed(s.Reason);
            await _completion.AfterSuppressionAsync(suppressNow, counters, ct).ConfigureAwait(false);
        }
        if (plan.Decided.Count > 0)
        {
            var decided = new DrainDecided(batch.BatchId, plan.Decided, now);
            await journal.Ask<DrainAck>(new PersistDrainEvent(decided), options.LedgerTimeout).ConfigureAwait(false);
            await _completion.CompleteAsync(decided, counters, ct).ConfigureAwait(false);
        }
        if (plan.Kept.Count > 0)
            await _warehouse.MarkDrainCheckedAsync(plan.Kept.Select(k => new LeadKey(k.Email, k.CampaignId)).ToList(), now, ct).ConfigureAwait(false);

        return new DrainBatchResult(batch.BatchId, checkedCount, plan.Kept.Count, counters.Deleted, counters.AlreadyGone,
            counters.ByReason, counters.Failures);
    }

    /// <summary>
    /// The reads and the decisions of a batch, shared by the real and the dry run: fetch every lead, learn when bounced
    /// ones were first seen, classify. Writes nothing (a real batch journals the first sightings of bounces).
    /// </summary>
    private async Task<DrainPlan> DecideAsync(DrainBatch batch, DrainCounters counters, CancellationToken ct)
    {
        var now = batch.Now;
        var byId = batch.Candidates.GroupBy(c => c.InstantlyLeadId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var (fetched, unchecked_) = await FetchAsync(byId, counters, ct).ConfigureAwait(false);
        var sightings = await BounceSightingsAsync(batch, fetched.Values, ct).ConfigureAwait(false);

        var entries = new List<DrainEntry>();
        var kept = new List<KeptLead>();
        foreach (var (id, candidate) in byId)
        {
            if (unchecked_.Contains(id)) continue;
            if (!fetched.TryGetValue(id, out var lead))
            {
                // No suppression here, and none is lost: a suppression recorded earlier stays in its own table.
                entries.Add(DrainEntry.Gone(candidate, Missing, now, options.CooldownDays));
                continue;
            }
            var decision = DrainClassifier.Classify(
                LeadSnapshots.From(lead, candidate.Email, sightings.FirstSeen.GetValueOrDefault(id), Reported(sightings, candidate.Email)), options.Policy, now);
            if (!string.Equals(lead.CampaignId, candidate.CampaignId, StringComparison.Ordinal))
            {
                entries.Add(NotOurs(candidate, lead, decision, now));
                continue;
            }
            if (decision is DrainDecision.Drain)
            {
                entries.Add(DrainEntry.From(candidate, lead, decision, now, options.CooldownDays));
                continue;
            }
            kept.Add(new KeptLead(candidate.Email, candidate.CampaignId, id, decision.Explanation, decision.SuppressionReason));
        }
        var uncheckedCandidates = byId.Where(kv => unchecked_.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        return new DrainPlan(entries, kept, uncheckedCandidates);
    }

    /// <summary>Records, deletes and confirms a journalled decision; safe to run again (records are idempotent, a second delete finds nothing).</summary>
    public async Task<DrainBatchResult> CompleteAsync(DrainDecided decided, CancellationToken ct)
    {
        var counters = new DrainCounters();
        await _completion.CompleteAsync(decided, counters, ct).ConfigureAwait(false);
        return new DrainBatchResult(decided.BatchId, 0, 0, counters.Deleted, counters.AlreadyGone, counters.ByReason, counters.Failures);
    }

    /// <summary>
    /// The lead is in another campaign (a rep moved it) or in a lead list: whatever the rules say, it is not ours to
    /// delete. Its outcome is recorded (with any suppression) and our tracking of it is released.
    /// </summary>
    private DrainEntry NotOurs(DrainCandidate candidate, InstantlyLead lead, DrainDecision decision, DateTimeOffset now)
    {
        var where = lead.CampaignId is null ? "a lead list" : "another campaign";
        var entry = DrainEntry.From(candidate, lead, decision, now, options.CooldownDays, ours: false, movedReason: Moved, where: where);
        _log.Information("Lead {LeadId} left campaign {Campaign} for {Where}: outcome {Reason} recorded, not deleted",
            lead.Id, candidate.CampaignId, where, entry.Reason);
        return entry;
    }

    /// <summary>
    /// For the bounced leads: the bounce time a webhook reported (by address), and the first sight of those whose bounce time
    /// Instantly cannot tell us either (no <c>timestamp_last_contact</c>).
    /// </summary>
    private async Task<BounceSightings> BounceSightingsAsync(DrainBatch batch, IEnumerable<InstantlyLead> leads, CancellationToken ct)
    {
        var bounced = leads.Where(l => l.Status == LeadSnapshot.StatusBounced).ToList();
        if (bounced.Count == 0) return new BounceSightings(new Dictionary<string, DateTimeOffset>());
        var ids = bounced.Where(l => l.TimestampLastContact is null).Select(l => l.Id).ToList();
        // A dry batch journals no sighting and asks nothing: it reads the clock as a lead seen for the first time now, which
        // is what the journal answers for every bounce no real run has seen yet (and, lacking a report, the latest start).
        if (batch.Dry) return new BounceSightings(ids.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => batch.Now, StringComparer.Ordinal));
        var bouncedIds = bounced.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var emails = batch.Candidates.Where(c => bouncedIds.Contains(c.InstantlyLeadId)).Select(c => c.Email).Distinct(StringComparer.Ordinal).ToList();
        return await journal.Ask<BounceSightings>(new ObserveBounces(batch.BatchId, ids, batch.Now, emails), options.LedgerTimeout).ConfigureAwait(false);
    }

    private static DateTimeOffset? Reported(BounceSightings sightings, string email) =>
        sightings.Reported is { } reported && reported.TryGetValue(email, out var at) ? at : null;

    /// <summary>Current data for every id; ids that could not be checked (API errors) are left for the next run.</summary>
    private async Task<(Dictionary<string, InstantlyLead> Found, HashSet<string> Unchecked)> FetchAsync(
        Dictionary<string, DrainCandidate> byId, DrainCounters counters, CancellationToken ct)
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

}
