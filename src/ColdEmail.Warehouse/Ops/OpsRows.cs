using ColdEmail.Domain.Verification;

namespace ColdEmail.Warehouse;

/// <summary>Instantly's verdict on one normalised email, as remembered in <c>ops_email_verification</c>.</summary>
public sealed record StoredVerification(
    string Email,
    VerificationStatus Status,
    CatchAllState CatchAll,
    decimal? CreditsUsed,
    DateTimeOffset VerifiedAt);

/// <summary>An <c>ops_inst_state</c> row as orphan recovery needs it.</summary>
public sealed record TrackedLead(string Email, string CampaignId, string? InstantlyLeadId, string? Status);

/// <summary>The <c>ops_inst_state</c> rows matching the asked Instantly ids or emails.</summary>
public sealed record TrackedLeads(IReadOnlyList<TrackedLead> Rows)
{
    private readonly HashSet<string> _ids = Rows.Where(r => r.InstantlyLeadId is not null).Select(r => r.InstantlyLeadId!).ToHashSet(StringComparer.Ordinal);
    private readonly ILookup<string, TrackedLead> _byEmail = Rows.ToLookup(r => r.Email, StringComparer.Ordinal);

    public bool TracksId(string leadId) => _ids.Contains(leadId);

    /// <summary>Tracked by its Instantly id, or by (email, campaign).</summary>
    public bool Tracks(string leadId, string? email, string? campaignId) =>
        TracksId(leadId) || (email is not null && campaignId is not null && ByEmail(email).Any(r => r.CampaignId == campaignId));

    public IEnumerable<TrackedLead> ByEmail(string email) => _byEmail[ColdEmail.Domain.Leads.EmailIdentity.Key(email)];
}

/// <summary>A row of <c>ops_campaign_performance</c>: one campaign's analytics as captured on one day.</summary>
public sealed record CampaignPerformanceRow(
    DateOnly Date,
    string CampaignId,
    string? CampaignName,
    int LeadsCount,
    int Contacted,
    int EmailsSent,
    int Opens,
    int Replies,
    int RepliesAutomatic,
    int Clicks,
    int Bounced,
    int Unsubscribed,
    int Completed,
    DateTimeOffset CapturedAt);

/// <summary>
/// A campaign's latest snapshot with its rates in percent: reply rate = human replies / contacted leads
/// (auto-replies are not replies), bounce rate = bounced / contacted; null when nobody was contacted.
/// </summary>
public sealed record CampaignPerformanceReportRow(
    DateOnly Date,
    string CampaignId,
    string? CampaignName,
    int Contacted,
    int EmailsSent,
    int Replies,
    int RepliesAutomatic,
    int Bounced,
    decimal? ReplyRate,
    decimal? BounceRate);

public sealed record DailyDrainCount(DateOnly Date, int Drained, int Inventory);

public sealed record ReplyCounts(int LeadsInCampaign, int Replied);
