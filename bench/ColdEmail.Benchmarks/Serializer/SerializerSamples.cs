using ColdEmail.Instantly;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Warehouse;

namespace ColdEmail.Benchmarks.Serializer;

/// <summary>
/// What the serializers carry most: the journal events of a sync batch and of a drain batch, and the messages that cross
/// the actors on every batch (ledger writes, a bulk add through the gateway and its reply, a drain batch). Sizes follow the
/// defaults (sync batches of 100 leads, drain batches of 50).
/// </summary>
public static class SerializerSamples
{
    public sealed record Sample(string Name, string Kind, object Value);

    public static IReadOnlyList<Sample> All(int syncBatch = 100, int drainBatch = 50)
    {
        var at = new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
        var emails = Enumerable.Range(0, syncBatch).Select(i => $"person{i}@shop{i % 17}.example").ToList();
        var claimed = new BatchClaimed("sync-20261130T060000-ab12cd34-0001", "SMB", "c0ffee00-0000-4000-8000-000000000001", emails, at);
        var settled = new BatchSettled(claimed.BatchId, emails.Select((e, i) => i % 10 == 9
            ? new LeadOutcome(e, OutcomeKind.DeadLetter, null, "rate limited", 429, "RateLimited", 1, at.AddMinutes(5))
            : new LeadOutcome(e, OutcomeKind.Active, Guid.NewGuid().ToString(), "enrolled")).ToList(), at);
        var entries = Enumerable.Range(0, drainBatch).Select(i => new DrainEntry($"person{i}@shop{i % 17}.example", claimed.CampaignId,
            Guid.NewGuid().ToString(), i % 3 == 0 ? "replied" : "completed", i % 3 == 0 ? "positive" : "no_reply", 21, 2, 1, i % 3 == 0 ? 1 : 0,
            i % 3 == 0 ? "replied" : null, "sequence finished without a reply", false, CooldownUntil: at.AddDays(90))).ToList();
        var decided = new DrainDecided("drain-20261130T060000-ab12cd34-0001", entries, at);
        var leads = emails.Select((e, i) => new NewLead(e, "Ada", "Lovelace", $"Shop {i % 17}", $"https://shop{i % 17}.example",
            CustomVariables: new Dictionary<string, object> { ["industry"] = "retail", ["employees"] = 42, ["score"] = 0.87 })).ToList();
        var reply = new GatewayReply<BulkAddResult>(InstantlyResult<BulkAddResult>.Ok(new BulkAddResult("success", syncBatch, syncBatch - 3, 1, null, 2,
            0, 0, 0, 0, 1000, emails.Select((e, i) => new CreatedLead(i, Guid.NewGuid().ToString(), e)).ToList())));
        var candidates = entries.Select(e => new DrainCandidate(e.Email, e.CampaignId, e.LeadId, at.AddDays(-21), at.AddDays(-1), 1)).ToList();
        return
        [
            new("BatchClaimed", "journal", claimed),
            new("BatchSettled", "journal", settled),
            new("BatchRecorded", "journal", new BatchRecorded(claimed.BatchId, at)),
            new("DrainDecided", "journal", decided),
            new("DrainConfirmed", "journal", new DrainConfirmed(decided.BatchId, entries.Select(e => e.LeadId).ToList(), at)),
            new("PersistLedgerEvent", "message", new PersistLedgerEvent(settled)),
            new("LedgerAck", "message", new LedgerAck(claimed.BatchId)),
            new("InstantlyCall(add)", "message", new InstantlyCall(new AddLeadsOperation(new BulkAddRequest(claimed.CampaignId, leads)))),
            new("GatewayReply(bulk)", "message", reply),
            new("DrainBatch", "message", new DrainBatch(decided.BatchId, candidates, at)),
        ];
    }
}
