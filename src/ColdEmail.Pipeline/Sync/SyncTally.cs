namespace ColdEmail.Pipeline.Sync;

/// <summary>What one sync run counted so far; its rounds and batches add to it.</summary>
internal sealed class SyncTally
{
    public int Created, Skipped, Quarantined, DeadLettered, Recovered, Returned, Scanned, Checked, Rejected, Pending;
    public readonly List<string> Failures = [];

    public void Count(IEnumerable<LeadOutcome> outcomes)
    {
        foreach (var o in outcomes)
        {
            switch (o.Kind)
            {
                case OutcomeKind.Active: Created++; break;
                case OutcomeKind.Skipped: Skipped++; break;
                case OutcomeKind.Quarantine: Quarantined++; break;
                case OutcomeKind.DeadLetter: DeadLettered++; break;
                case OutcomeKind.Returned: Returned++; break;
            }
        }
    }

    public void Add(SyncBatchResult r)
    {
        Count(r.Outcomes);
        Scanned += r.Outcomes.Count;
        Checked += r.Checked;
        Rejected += r.Rejected;
        Pending += r.Pending;
    }
}

/// <summary>One batch of a sync run: its settled outcomes (null id: nothing was claimed) and its verification counts.</summary>
internal sealed record SyncBatchResult(string? BatchId, IReadOnlyList<LeadOutcome> Outcomes, int Checked, int Rejected, int Pending);

/// <summary>A batch screened by the address rules and Instantly's verification: who may be sent, who is refused and why.</summary>
internal sealed record ScreenedBatch(IReadOnlyList<Candidate> Sendable, IReadOnlyList<LeadOutcome> Refused, int Checked, int Rejected, int Pending);
