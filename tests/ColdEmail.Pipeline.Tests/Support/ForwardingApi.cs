using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Tests.Support;

/// <summary>
/// The real HTTP client with hooks: a test overrides the one call whose answer it scripts (a fault the sandbox
/// has no mode for yet), every other call reaches the sandbox unchanged.
/// </summary>
public class ForwardingApi(IInstantlyApi inner) : IInstantlyApi
{
    protected IInstantlyApi Inner { get; } = inner;
    public int Adds;
    public int Lists;
    public int CampaignReads;

    public virtual Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Adds);
        return Inner.AddLeadsAsync(request, ct);
    }

    public virtual Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Lists);
        return Inner.ListLeadsAsync(request, ct);
    }

    public virtual Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default)
    {
        Interlocked.Increment(ref CampaignReads);
        return Inner.GetCampaignAsync(campaignId, ct);
    }

    public Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default) => Inner.CreateLeadAsync(request, ct);
    public IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) => Inner.ListAllLeadsAsync(request, ct);
    public Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default) => Inner.GetLeadAsync(leadId, ct);
    public Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default) => Inner.DeleteLeadAsync(leadId, ct);
    public Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default) => Inner.DeleteLeadsAsync(campaignId, leadIds, ct);
    public Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) => Inner.ListCampaignsAsync(limit, startingAfter, ct);
    public Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default) => Inner.GetCampaignAnalyticsAsync(campaignIds, startDate, endDate, ct);
    public Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default) => Inner.StartEmailVerificationAsync(email, ct);
    public Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default) => Inner.AddBlockListEntriesAsync(values, ct);
    public Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default) => Inner.GetEmailVerificationAsync(email, ct);
}

/// <summary>Bulk adds answered by a script (null = forward to the sandbox); the rest is the sandbox.</summary>
public sealed class ScriptedAdds(IInstantlyApi inner, Func<BulkAddRequest, InstantlyError?> answer) : ForwardingApi(inner)
{
    public override Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Adds);
        return answer(request) is { } error
            ? Task.FromResult(InstantlyResult<BulkAddResult>.Fail(error))
            : Inner.AddLeadsAsync(request, ct);
    }

    public static InstantlyError Http(int status, string message) => new(InstantlyErrorKind.Http, status, null, message);
}
