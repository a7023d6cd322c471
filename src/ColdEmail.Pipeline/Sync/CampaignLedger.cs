namespace ColdEmail.Pipeline.Sync;

/// <summary>
/// The campaign actor's enrolment ledger: which batches are claimed, settled or closed. Pure state,
/// changed only by applying journalled events, so recovery rebuilds it exactly.
/// </summary>
public sealed class CampaignLedger
{
    private readonly Dictionary<string, OpenBatch> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _emailsInFlight = new(StringComparer.Ordinal);

    public long BatchesRecorded { get; private set; }
    public long LeadsRecorded { get; private set; }

    public IReadOnlyCollection<OpenBatch> Open => _open.Values;

    /// <summary>Emails of batches that are not closed: kept out of the next warehouse page.</summary>
    public IReadOnlySet<string> EmailsInFlight => _emailsInFlight;

    public void Apply(ILedgerEvent e)
    {
        switch (e)
        {
            case BatchClaimed c:
                _open[c.BatchId] = new OpenBatch(c, null);
                foreach (var email in c.Emails) _emailsInFlight.Add(email);
                break;
            case BatchSettled s when _open.TryGetValue(s.BatchId, out var batch):
                _open[s.BatchId] = batch with { Outcomes = s.Outcomes };
                break;
            case BatchRecorded r when _open.Remove(r.BatchId, out var closed):
                foreach (var email in closed.Claim.Emails) _emailsInFlight.Remove(email);
                BatchesRecorded++;
                LeadsRecorded += closed.Claim.Emails.Count;
                break;
        }
    }

    public LedgerSnapshot ToSnapshot() => new(_open.Values.ToList(), BatchesRecorded, LeadsRecorded);

    public static CampaignLedger FromSnapshot(LedgerSnapshot snapshot)
    {
        var ledger = new CampaignLedger { BatchesRecorded = snapshot.BatchesRecorded, LeadsRecorded = snapshot.LeadsRecorded };
        foreach (var batch in snapshot.Open)
        {
            ledger._open[batch.Claim.BatchId] = batch;
            foreach (var email in batch.Claim.Emails) ledger._emailsInFlight.Add(email);
        }
        return ledger;
    }
}
