namespace ColdEmail.Instantly;

/// <summary>
/// The part of Instantly API v2 that ColdEmail uses. Adapters are thin and exact: they neither retry
/// nor rate-limit (the pipeline's gateway does both), and they never throw for an HTTP failure:
/// every failure is an <see cref="InstantlyError"/> inside the result.
/// </summary>
public interface IInstantlyApi
{
    /// <summary><c>POST /api/v2/leads/add</c>: 1–1000 leads into one campaign (<c>campaign_id</c>).</summary>
    Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default);

    /// <summary><c>POST /api/v2/leads</c>: one lead (the campaign field is <c>campaign</c>).</summary>
    Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default);

    /// <summary><c>POST /api/v2/leads/list</c>: one page (limit 1..100, cursor <c>starting_after</c>).</summary>
    Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default);

    /// <summary>Every page of a list, until an empty page. A failed page ends the stream with an <see cref="InstantlyException"/>.</summary>
    IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, CancellationToken ct = default);

    /// <summary><c>GET /api/v2/leads/{id}</c>.</summary>
    Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default);

    /// <summary><c>DELETE /api/v2/leads/{id}</c>; a 404 is <see cref="DeleteOutcome.AlreadyGone"/>, a success.</summary>
    Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default);

    /// <summary>
    /// <c>DELETE /api/v2/leads</c> with <c>campaign_id</c>, <c>ids</c> and <c>limit = ids.Count</c>; the value is Instantly's
    /// <c>count</c> (the caller compares it with the ids sent). Refuses an empty id list: without ids the real API
    /// deletes every lead of the campaign.
    /// </summary>
    Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default);

    /// <summary>
    /// <c>POST /api/v2/block-lists-entries/bulk-create</c> with <c>bl_values</c> (1..1000 emails or domains) into the
    /// workspace block list. There is deliberately no way to call the unfiltered <c>DELETE /api/v2/block-lists-entries</c>,
    /// which empties the whole block list.
    /// </summary>
    Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default);

    Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default);

    Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default);

    /// <summary><c>GET /api/v2/campaigns/analytics</c> for the given campaigns.</summary>
    Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(
        IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default);

    /// <summary><c>POST /api/v2/email-verification</c>; may answer <c>pending</c>.</summary>
    Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default);

    /// <summary><c>GET /api/v2/email-verification/{email}</c>: poll a pending verification.</summary>
    Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default);
}
