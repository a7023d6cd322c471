using System.Runtime.CompilerServices;
using Akka.Actor;
using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// <see cref="IInstantlyApi"/> over the gateway actor, so pipeline code calls Instantly the usual way
/// while every request is paced and guarded. An open circuit is waited out (on the Akka scheduler)
/// and the same call is sent again: the work waits, nothing is dropped.
/// </summary>
public sealed class GatewayInstantlyApi(IActorRef gateway, IScheduler scheduler, TimeSpan? askTimeout = null) : IInstantlyApi
{
    private readonly TimeSpan _askTimeout = askTimeout ?? TimeSpan.FromMinutes(10);

    public async Task<InstantlyResult<T>> CallAsync<T>(InstantlyOperation<T> operation, CancellationToken ct = default)
    {
        while (true)
        {
            var reply = await gateway.Ask<GatewayReply>(new InstantlyCall(operation), _askTimeout, ct).ConfigureAwait(false);
            var result = ((GatewayReply<T>)reply).Result;
            if (result.Error is not { Kind: InstantlyErrorKind.CircuitOpen } open) return result;
            await scheduler.WaitAsync(open.RetryAfter ?? TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }

    public Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default) =>
        CallAsync(new AddLeadsOperation(request), ct);

    public Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default) =>
        CallAsync(new CreateLeadOperation(request), ct);

    public Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) =>
        CallAsync(new ListLeadsOperation(request), ct);

    public async IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var page = request;
        while (true)
        {
            var result = await ListLeadsAsync(page, ct).ConfigureAwait(false);
            if (!result.IsSuccess) throw new InstantlyException(result.Error);
            foreach (var lead in result.Value.Items) yield return lead;
            if (result.Value.Items.Count == 0 && result.Value.MalformedIds.Count == 0 || result.Value.NextStartingAfter is null) yield break;
            page = page with { StartingAfter = result.Value.NextStartingAfter };
        }
    }

    public Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default) =>
        CallAsync(new GetLeadOperation(leadId), ct);

    public Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default) =>
        CallAsync(new DeleteLeadOperation(leadId), ct);

    public Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default) =>
        CallAsync(new DeleteLeadsOperation(campaignId, leadIds.ToArray()), ct);

    public Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default) =>
        CallAsync(new AddBlockListEntriesOperation(values.ToArray()), ct);

    public Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default) =>
        CallAsync(new GetCampaignOperation(campaignId), ct);

    public Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) =>
        CallAsync(new ListCampaignsOperation(limit, startingAfter), ct);

    public Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(
        IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default) =>
        CallAsync(new CampaignAnalyticsOperation(campaignIds.ToArray(), startDate, endDate), ct);

    public Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default) =>
        CallAsync(new StartEmailVerificationOperation(email), ct);

    public Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default) =>
        CallAsync(new GetEmailVerificationOperation(email), ct);
}
