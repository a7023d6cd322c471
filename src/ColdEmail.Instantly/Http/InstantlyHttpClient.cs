using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using ColdEmail.Instantly.Wire;

namespace ColdEmail.Instantly.Http;

/// <summary>
/// <see cref="IInstantlyApi"/> over HttpClient: exact field names, typed errors, no retries and no rate limiting
/// (the pipeline's gateway owns both).
/// </summary>
public sealed partial class InstantlyHttpClient : IInstantlyApi, IDisposable
{
    public const int MaxBulkAdd = 1000;
    public const int MaxPageSize = 100;
    public const int MaxBulkDelete = 10000;
    public const int MaxBlockListBulk = 1000;

    private readonly HttpExchange _exchange;
    private readonly HttpClient? _owned;
    private readonly InstantlyClientOptions _options;

    /// <summary>Uses the given HttpClient (its own timeout is not used: <see cref="InstantlyClientOptions.Timeout"/> is).</summary>
    public InstantlyHttpClient(HttpClient http, InstantlyClientOptions options, TimeProvider? time = null)
        : this(http, options, time, owns: false) { }

    /// <summary>Creates and owns its HttpClient (pooled connections, no HttpClient-level timeout).</summary>
    public InstantlyHttpClient(InstantlyClientOptions options, TimeProvider? time = null)
        : this(CreateHttpClient(), options, time, owns: true) { }

    private InstantlyHttpClient(HttpClient http, InstantlyClientOptions options, TimeProvider? time, bool owns)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ApiKey)) throw new ArgumentException("InstantlyClientOptions.ApiKey is empty.", nameof(options));
        if (!options.BaseAddress.IsAbsoluteUri) throw new ArgumentException($"InstantlyClientOptions.BaseAddress '{options.BaseAddress}' is not absolute.", nameof(options));
        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentException("InstantlyClientOptions.Timeout must be positive.", nameof(options));
        _options = options;
        _exchange = new HttpExchange(http, options, time ?? TimeProvider.System);
        if (owns) _owned = http;
    }

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        }) { Timeout = Timeout.InfiniteTimeSpan };

    public override string ToString() => $"InstantlyHttpClient({_options})";

    public Task<InstantlyResult<BulkAddResult>> AddLeadsAsync(BulkAddRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Leads.Count is 0 or > MaxBulkAdd)
            throw new ArgumentException($"A bulk add takes 1..{MaxBulkAdd} leads, not {request.Leads.Count}.", nameof(request));
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/leads/add", RequestBodies.BulkAdd(request),
            ElementReaders.BulkAdd, ct);
    }

    public Task<InstantlyResult<InstantlyLead>> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/leads", RequestBodies.CreateLead(request), ElementReaders.Lead, ct);
    }

    public Task<InstantlyResult<LeadPage>> ListLeadsAsync(ListLeadsRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 1 or > MaxPageSize)
            throw new ArgumentException($"A list page has a limit of 1..{MaxPageSize}, not {request.Limit}.", nameof(request));
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/leads/list", RequestBodies.ListLeads(request), ElementReaders.Page, ct);
    }

    public async IAsyncEnumerable<InstantlyLead> ListAllLeadsAsync(ListLeadsRequest request, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var page = request;
        while (true)
        {
            var result = await ListLeadsAsync(page, ct).ConfigureAwait(false);
            if (!result.IsSuccess) throw new InstantlyException(result.Error);
            // The last page with data may still carry a cursor: only an empty page (or no cursor) ends the list.
            // A page whose items were all unreadable is not the end (they were logged by the reader).
            if (result.Value.Items.Count == 0 && result.Value.MalformedIds.Count == 0) yield break;
            foreach (var lead in result.Value.Items) yield return lead;
            if (result.Value.NextStartingAfter is not { } next || next == page.StartingAfter) yield break;
            page = page with { StartingAfter = next };
        }
    }

    public Task<InstantlyResult<InstantlyLead>> GetLeadAsync(string leadId, CancellationToken ct = default) =>
        _exchange.SendAsync(HttpMethod.Get, $"api/v2/leads/{Segment(leadId, nameof(leadId))}", null, ElementReaders.Lead, ct);

    public Task<InstantlyResult<DeleteOutcome>> DeleteLeadAsync(string leadId, CancellationToken ct = default) =>
        _exchange.SendAsync(HttpMethod.Delete, $"api/v2/leads/{Segment(leadId, nameof(leadId))}", null,
            WireJson.Default.DeletedLeadDto, d => (d.Id is not null, DeleteOutcome.Deleted), ct,
            status => (status == 404, DeleteOutcome.AlreadyGone));

    public Task<InstantlyResult<int>> DeleteLeadsAsync(string campaignId, IReadOnlyCollection<string> leadIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        // Without ids Instantly deletes every lead of the campaign: never send that.
        if (leadIds.Count == 0) throw new ArgumentException("Bulk delete needs at least one lead id; without ids Instantly deletes the whole campaign.", nameof(leadIds));
        if (leadIds.Count > MaxBulkDelete) throw new ArgumentException($"A bulk delete takes 1..{MaxBulkDelete} ids (its limit), not {leadIds.Count}.", nameof(leadIds));
        Segment(campaignId, nameof(campaignId));
        return _exchange.SendAsync(HttpMethod.Delete, "api/v2/leads", RequestBodies.BulkDelete(campaignId, leadIds),
            WireJson.Default.BulkDeleteDto, d => (d.Count is not null, d.Count ?? 0), ct);
    }

    public Task<InstantlyResult<BlockListBulkResult>> AddBlockListEntriesAsync(IReadOnlyList<string> values, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count is 0 or > MaxBlockListBulk)
            throw new ArgumentException($"A block-list bulk create takes 1..{MaxBlockListBulk} values, not {values.Count}.", nameof(values));
        for (var i = 0; i < values.Count; i++)
            if (string.IsNullOrWhiteSpace(values[i])) throw new ArgumentException($"Block-list value {i} is empty.", nameof(values));
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/block-lists-entries/bulk-create", RequestBodies.BlockListBulkCreate(values),
            ElementReaders.BlockListBulk, ct);
    }

    public Task<InstantlyResult<Campaign>> GetCampaignAsync(string campaignId, CancellationToken ct = default) =>
        _exchange.SendAsync(HttpMethod.Get, $"api/v2/campaigns/{Segment(campaignId, nameof(campaignId))}", null,
            WireJson.Default.CampaignDto, WireMapping.Campaign, ct);

    public Task<InstantlyResult<CampaignPage>> ListCampaignsAsync(int limit = 100, string? startingAfter = null, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(limit), limit, $"1..{MaxPageSize}");
        var query = new StringBuilder($"api/v2/campaigns?limit={limit.ToString(CultureInfo.InvariantCulture)}");
        if (startingAfter is not null) query.Append("&starting_after=").Append(Uri.EscapeDataString(startingAfter));
        return _exchange.SendAsync(HttpMethod.Get, query.ToString(), null,
            WireJson.Default.CampaignPageDto, WireMapping.CampaignPage, ct);
    }

    public Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> GetCampaignAnalyticsAsync(
        IReadOnlyCollection<string> campaignIds, DateOnly? startDate = null, DateOnly? endDate = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(campaignIds);
        var query = new StringBuilder("api/v2/campaigns/analytics");
        var separator = '?';
        foreach (var id in campaignIds)
        {
            query.Append(separator).Append("ids=").Append(Uri.EscapeDataString(id));
            separator = '&';
        }
        if (startDate is { } s) { query.Append(separator).Append("start_date=").Append(s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); separator = '&'; }
        if (endDate is { } e) query.Append(separator).Append("end_date=").Append(e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return _exchange.SendAsync(HttpMethod.Get, query.ToString(), null,
            WireJson.Default.ListCampaignAnalyticsDto, WireMapping.Analytics, ct);
    }

    public Task<InstantlyResult<EmailVerification>> StartEmailVerificationAsync(string email, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return _exchange.SendAsync(HttpMethod.Post, "api/v2/email-verification", RequestBodies.EmailVerification(email),
            WireJson.Default.EmailVerificationDto, WireMapping.Verification, ct);
    }

    public Task<InstantlyResult<EmailVerification>> GetEmailVerificationAsync(string email, CancellationToken ct = default) =>
        _exchange.SendAsync(HttpMethod.Get, $"api/v2/email-verification/{Segment(email, nameof(email))}", null,
            WireJson.Default.EmailVerificationDto, WireMapping.Verification, ct);

    public void Dispose() => _owned?.Dispose();

    private static string Segment(string value, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
        return Uri.EscapeDataString(value);
    }
}
