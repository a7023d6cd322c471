using System.Text.Json;
using ColdEmail.Domain.Leads;
using ColdEmail.Instantly;
using ColdEmail.Warehouse;
using Serilog;

namespace ColdEmail.Pipeline.Orphans;

/// <summary>
/// Removes orphans from Instantly under the record-first rule: the drain's outcome (history, suppression,
/// state) is written to the warehouse before Instantly is asked to delete, so a lost answer or a crash
/// never loses an unsubscribe or a reply. A delete counts only when confirmed — the bulk answer's count
/// matches the ids sent, or a DELETE by id answers deleted / 404 — and an unconfirmed one is dead-lettered
/// (the next scan finds the lead again and retries the delete, without recording twice).
/// </summary>
internal sealed class OrphanRemoval(IInstantlyApi instantly, ILeadWarehouse warehouse, IOpsWarehouse ops, int deleteChunk)
{
    private readonly ILogger _log = Log.ForContext<OrphanRecovery>();

    public async Task<IReadOnlyList<OrphanFinding>> DeleteAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        if (found.Count == 0) return [];
        var toRecord = found.Where(f => f.Drain is { AlreadyRecorded: false }).ToList();
        if (toRecord.Count > 0)
        {
            // Record first: if this fails nothing is deleted, and the next scan tries again.
            await warehouse.RecordDrainsAsync(toRecord.Select(f => Record(f, now)).ToList(), ct).ConfigureAwait(false);
        }

        var gone = new List<OrphanFinding>();
        var failed = new List<(OrphanFinding Finding, InstantlyError Error)>();
        foreach (var group in found.GroupBy(f => f.CampaignId))
        {
            foreach (var chunk in group.Chunk(deleteChunk))
            {
                if (group.Key is not null)
                {
                    var bulk = await instantly.DeleteLeadsAsync(group.Key, chunk.Select(f => f.LeadId).ToList(), ct).ConfigureAwait(false);
                    if (bulk.IsSuccess && bulk.Value == chunk.Length)
                    {
                        gone.AddRange(chunk);
                        continue;
                    }
                    // Refused (a gone campaign may refuse the bulk form) or fewer than sent: each id is confirmed on its own.
                    _log.Warning("Bulk delete of {Count} orphans in {Campaign} was not confirmed ({Answer}); deleting one by one",
                        chunk.Length, group.Key, bulk.IsSuccess ? $"count {bulk.Value}" : bulk.Error.ToString());
                }
                await DeleteOneByOneAsync(chunk, gone, failed, ct).ConfigureAwait(false);
            }
        }
        await RecordFailuresAsync(failed, now, failures, ct).ConfigureAwait(false);
        return gone;
    }

    public async Task<IReadOnlyList<OrphanFinding>> ReleaseAsync(IReadOnlyList<OrphanFinding> found, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        if (found.Count == 0) return [];
        var gone = new List<OrphanFinding>();
        var failed = new List<(OrphanFinding, InstantlyError)>();
        await DeleteOneByOneAsync(found, gone, failed, ct).ConfigureAwait(false);
        await RecordFailuresAsync(failed, now, failures, ct).ConfigureAwait(false);
        if (gone.Count == 0) return gone;

        // Only after the delete is confirmed: our rows that pointed at the deleted copy become eligible again.
        // A skipped row is never one of them (that lead was someone else's).
        var tracked = await ops.FindTrackedLeadsAsync(gone.Select(f => f.LeadId).ToList(), gone.Select(f => f.Email!).ToList(), ct).ConfigureAwait(false);
        var rows = gone.SelectMany(f => tracked.ByEmail(f.Email!)
                .Where(r => r.Status != "skipped" && (r.InstantlyLeadId == f.LeadId || r.Status is "active" or null))
                .Select(r => new LeadStateRow(r.Email, r.CampaignId, null, LeadState.Eligible, null, null,
                    $"released by orphan recovery: Instantly lead {f.LeadId} was in no campaign and was deleted", now)))
            .ToList();
        if (rows.Count > 0) await warehouse.UpsertLeadStatesAsync(rows, ct).ConfigureAwait(false);
        return gone;
    }

    private async Task DeleteOneByOneAsync(IEnumerable<OrphanFinding> found, List<OrphanFinding> gone, List<(OrphanFinding, InstantlyError)> failed, CancellationToken ct)
    {
        foreach (var f in found)
        {
            // Deleted or already gone (404) are both confirmations.
            var one = await instantly.DeleteLeadAsync(f.LeadId, ct).ConfigureAwait(false);
            if (one.IsSuccess) gone.Add(f);
            else failed.Add((f, one.Error));
        }
    }

    private async Task RecordFailuresAsync(IReadOnlyList<(OrphanFinding Finding, InstantlyError Error)> failed, DateTimeOffset now, List<string> failures, CancellationToken ct)
    {
        if (failed.Count == 0) return;
        // Lead ids only: an address never leaves the process in a run summary.
        failures.AddRange(failed.Select(x => $"deleting orphan {x.Finding.LeadId} failed: {x.Error}"));
        // Permanent for the sync's retry loop: the next scan finds the lead again and retries the delete itself.
        var letters = failed.Select(x => OrphanRecovery.Letter(x.Finding, OrphanRecovery.DeleteOperation, x.Error.Kind.ToString(), x.Error.StatusCode,
            $"{x.Finding.Reason}; delete failed: {x.Error.Message}", now)).ToList();
        await warehouse.UpsertDeadLettersAsync(letters, ct).ConfigureAwait(false);
    }

    private static DrainRecord Record(OrphanFinding f, DateTimeOffset now)
    {
        var d = f.Drain!;
        return new DrainRecord(f.Email!, d.CampaignId, f.LeadId, d.Reason, d.Outcome, now, f.DaysOrphaned, 0, d.Opens, d.Clicks, d.Replies,
            d.SuppressionReason, JsonSerializer.Serialize(new { explanation = d.Explanation, orphan_type = f.Kind, by = "orphan recovery" }));
    }
}
