using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Runs;

/// <summary>
/// The seed's notification payload for a sync run (timestamp, total created, campaign breakdown,
/// verification status, drain results) plus the campaigns' details, failures and duration.
/// </summary>
public sealed record SyncRunSummary(
    string RunId,
    DateTimeOffset Timestamp,
    DateTimeOffset FinishedAt,
    int TotalLeadsCreated,
    IReadOnlyDictionary<string, int> CampaignBreakdown,
    IReadOnlyDictionary<string, int> VerificationStatus,
    IReadOnlyDictionary<string, int> DrainResults,
    IReadOnlyList<CampaignSyncResult> Campaigns,
    IReadOnlyList<string> Failures)
{
    public TimeSpan Duration => FinishedAt - Timestamp;
    public bool Succeeded => Failures.Count == 0;

    public static SyncRunSummary From(string runId, DateTimeOffset startedAt, DateTimeOffset finishedAt, IReadOnlyList<CampaignSyncResult> campaigns)
    {
        var verification = campaigns.Aggregate(VerificationCounts.Zero, (a, c) => a.Add(c.Verification));
        return new SyncRunSummary(
            runId, startedAt, finishedAt,
            campaigns.Sum(c => c.Created),
            campaigns.ToDictionary(c => c.Campaign, c => c.Created),
            new Dictionary<string, int>
            {
                ["pending"] = verification.Pending,
                ["valid"] = verification.Checked - verification.Rejected,
                ["invalid"] = verification.Rejected,
            },
            new Dictionary<string, int>(),
            campaigns,
            campaigns.SelectMany(c => c.Failures.Select(f => $"{c.Campaign}: {f}")).ToList());
    }
}

/// <summary>What a drain run checked, removed and kept, by reason, with failures and duration.</summary>
public sealed record DrainRunSummary(
    string RunId,
    DateTimeOffset Timestamp,
    DateTimeOffset FinishedAt,
    int Checked,
    int Kept,
    int Drained,
    int Deleted,
    int AlreadyGone,
    int Recovered,
    IReadOnlyDictionary<string, int> DrainResults,
    IReadOnlyList<string> Failures)
{
    public TimeSpan Duration => FinishedAt - Timestamp;
    public bool Succeeded => Failures.Count == 0;
}
