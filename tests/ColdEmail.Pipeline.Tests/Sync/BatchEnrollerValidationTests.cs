using ColdEmail.Instantly;
using ColdEmail.Pipeline.Sync;
using ColdEmail.Pipeline.Tests.Support;
using ColdEmail.Warehouse.Generation;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>
/// A 422 for a whole batch must not sink the good leads in it. The sandbox never answers 422 (the real API's
/// 422 is undocumented), so the real client is wrapped: bulk adds that contain the rejected address answer 422,
/// everything else reaches the sandbox.
/// </summary>
public sealed class BatchEnrollerValidationTests : IAsyncLifetime
{
    private static readonly SyncOptions Options = new() { InRunAttempts = 3, InRunRetryDelay = TimeSpan.Zero };
    private PipelineWorld _world = null!;
    private List<Candidate> _ready = null!;

    public async Task InitializeAsync()
    {
        _world = await PipelineWorld.StartAsync(300, mix: ProspectMix.Clean);
        _ready = (await _world.ReadyAsync(_world.Smb(), Options)).Where(c => c.IsValid).ToList();
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_422_batch_is_split_until_the_rejected_lead_stands_alone_and_only_it_is_quarantined()
    {
        var leads = _ready.Take(16).ToList();
        var rejected = leads[11].Email;
        var api = new RejectingApi(_world.Client, rejected);
        var enroller = new BatchEnroller(api, _world.Clock, (_, _) => Task.CompletedTask, Options);

        var outcomes = await enroller.EnrolAsync(_world.Sandbox.CampaignIds["SMB"], leads, new Dictionary<string, int>(), CancellationToken.None);

        Assert.Equal(leads.Select(l => l.Email).Order(), outcomes.Select(o => o.Email).Order());
        var bad = outcomes.Single(o => o.Email == rejected);
        Assert.Equal(OutcomeKind.Quarantine, bad.Kind);
        Assert.Equal(422, bad.HttpStatus);
        Assert.Contains("lead data invalid", bad.Reason);
        Assert.All(outcomes.Where(o => o.Email != rejected), o => Assert.Equal(OutcomeKind.Active, o.Kind));
        Assert.Equal(15, _world.Sandbox.State.CountLeads(_world.Sandbox.CampaignIds["SMB"]));
        Assert.Empty(_world.Sandbox.State.FindByEmail(rejected));
        // Halving 16 leads down to the culprit: one rejected add per level (16, 8, 4, 2, 1) and one good add per sibling.
        Assert.Equal(5, api.Rejected);
        Assert.Equal(4, api.Forwarded);
    }

    private sealed class RejectingApi(IInstantlyApi inner, string rejectedEmail) : IInstantlyApi
    {
        public int Rejected { get; private set; }
        public int Forwarded { get; private set; }

        public Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
        {
            if (request.Leads.Any(l => l.Email == rejectedEmail))
            {
                Rejected++;
                return Task.FromResult(InstantlyResult<BulkAddResult>.Fail(
                    new InstantlyError(InstantlyErrorKind.Http, 422, "Unprocessable Entity", "lead data invalid")));
            }
            Forwarded++;
            return inner.AddLeadsAsync(request, ct);
        }

        public Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default) => inner.CreateLeadAsync(request, ct);
        public Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) => inner.ListLeadsAsync(request, ct);
        public IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, CancellationToken ct = default) => inner.ListAllLeadsAsync(request, ct);
        public Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default) => inner.GetLeadAsync(leadId, ct);
        public Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default) => inner.DeleteLeadAsync(leadId, ct);
        public Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default) => inner.DeleteLeadsAsync(campaignId, leadIds, ct);
        public Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default) => inner.AddBlockListEntriesAsync(values, ct);
        public Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default) => inner.GetCampaignAsync(campaignId, ct);
        public Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default) => inner.ListCampaignsAsync(limit, startingAfter, ct);
        public Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default) => inner.GetCampaignAnalyticsAsync(campaignIds, startDate, endDate, ct);
        public Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default) => inner.StartEmailVerificationAsync(email, ct);
        public Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default) => inner.GetEmailVerificationAsync(email, ct);
    }
}
