using System.Runtime.CompilerServices;
using ColdEmail.Instantly;

namespace ColdEmail.Cli.Planning;

/// <summary>
/// `plan --no-instantly`: an Instantly that is never asked. Every call answers "not sent" (as an open circuit does), so
/// the dry run takes the path a real run takes when Instantly cannot be reached: it plans with the warehouse's counts and
/// leaves every drain candidate unchecked.
/// </summary>
public sealed class OfflineInstantly : IInstantlyApi
{
    private static readonly InstantlyError NotAsked = new(InstantlyErrorKind.CircuitOpen, null, "not_asked", "plan --no-instantly: Instantly was not asked");

    private static Task<InstantlyResult<T>> No<T>() => Task.FromResult(InstantlyResult<T>.Fail(NotAsked));

    public Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default) => No<BulkAddResult>();
    public Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default) => No<InstantlyLead>();
    public Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) => No<LeadPage>();

    public async IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask;
        throw new InstantlyException(NotAsked);
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    public Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default) => No<InstantlyLead>();
    public Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default) => No<DeleteOutcome>();
    public Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default) => No<int>();
    public Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default) => No<BlockListBulkResult>();
    public Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default) => No<Campaign>();
    public Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) => No<CampaignPage>();

    public Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(
        IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default) =>
        No<IReadOnlyList<CampaignAnalytics>>();

    public Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default) => No<EmailVerification>();
    public Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default) => No<EmailVerification>();
}
