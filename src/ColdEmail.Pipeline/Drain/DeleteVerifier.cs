using ColdEmail.Instantly;
using Serilog;

namespace ColdEmail.Pipeline.Drain;

/// <summary>Which leads of one delete are confirmed gone (or no longer ours) and which stay open.</summary>
internal sealed record DeleteResult(IReadOnlyList<string> Confirmed, IReadOnlyList<string> Open, int Deleted, int AlreadyGone, IReadOnlyList<string> Problems);

/// <summary>
/// A bulk delete that is verified, not trusted. The body carries the ids and <c>limit = ids.Count</c>; Instantly
/// answers how many it deleted. Equal: all confirmed. Fewer: each id is looked up (404 = gone; still there =
/// open, retried next run). More: an incident (logged as an error, the run fails) and each id is looked up too.
/// No answer (error, timeout, dropped connection: it may have been applied): each id is looked up and deleted
/// singly if it is still in our campaign. A lead found in another campaign or a lead list is never deleted.
/// </summary>
internal sealed class DeleteVerifier(IInstantlyApi instantly)
{
    private readonly ILogger _log = Log.ForContext<DeleteVerifier>();

    public async Task<DeleteResult> DeleteAsync(string campaignId, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var problems = new List<string>();
        var bulk = await instantly.DeleteLeadsAsync(campaignId, ids, ct).ConfigureAwait(false);
        if (bulk.IsSuccess && bulk.Value == ids.Count) return new DeleteResult(ids, [], ids.Count, 0, problems);

        var deleteIfPresent = false;
        var reported = 0;
        if (!bulk.IsSuccess)
        {
            deleteIfPresent = true;
            _log.Warning("Bulk delete of {Count} leads in {Campaign} got no usable answer ({Error}); checking each lead",
                ids.Count, campaignId, bulk.Error.ToString());
        }
        else if (bulk.Value > ids.Count)
        {
            reported = bulk.Value;
            _log.Error("Incident: bulk delete in campaign {Campaign} reported {Deleted} leads deleted for {Sent} ids sent",
                campaignId, bulk.Value, ids.Count);
            problems.Add($"incident: bulk delete in campaign {campaignId} reported {bulk.Value} leads deleted for {ids.Count} ids sent");
        }
        else
        {
            reported = bulk.Value;
            _log.Warning("Bulk delete in {Campaign} reported {Deleted} of {Sent}; confirming each lead", campaignId, bulk.Value, ids.Count);
        }

        var confirmed = new List<string>();
        var open = new List<string>();
        int gone = 0, deleted = 0, alreadyGone = 0;
        foreach (var id in ids)
        {
            var lead = await instantly.GetLeadAsync(id, ct).ConfigureAwait(false);
            if (!lead.IsSuccess && lead.Error is { Kind: InstantlyErrorKind.Http, StatusCode: 404 })
            {
                confirmed.Add(id);
                gone++;
                continue;
            }
            if (!lead.IsSuccess)
            {
                open.Add(id);
                problems.Add($"delete of lead {id} not confirmed (lookup failed: {lead.Error}); retried next run");
                continue;
            }
            if (!string.Equals(lead.Value.CampaignId, campaignId, StringComparison.Ordinal))
            {
                // Moved since the decision: the outcome is recorded, the lead is someone else's now.
                _log.Information("Lead {LeadId} left campaign {Campaign} before its delete; recorded, not deleted", id, campaignId);
                confirmed.Add(id);
                continue;
            }
            if (!deleteIfPresent)
            {
                open.Add(id);
                problems.Add($"lead {id} is still in campaign {campaignId} after a bulk delete; retried next run");
                continue;
            }
            var single = await instantly.DeleteLeadAsync(id, ct).ConfigureAwait(false);
            if (single.IsSuccess)
            {
                confirmed.Add(id);
                if (single.Value == DeleteOutcome.AlreadyGone) alreadyGone++;
                else deleted++;
            }
            else
            {
                open.Add(id);
                problems.Add($"delete of lead {id} failed: {single.Error}; retried next run");
            }
        }
        // Leads found gone after a bulk call were most likely removed by it (an applied call whose answer was lost).
        var byBulk = deleteIfPresent ? gone : Math.Min(gone, reported);
        return new DeleteResult(confirmed, open, deleted + byBulk, alreadyGone + gone - byBulk, problems);
    }
}
