using ColdEmail.Instantly;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// One Instantly request as a serialisable message: the gateway runs it against the adapter when the
/// breaker and the limiter allow. Each operation knows its result type.
/// </summary>
public abstract record InstantlyOperation
{
    /// <summary>Short name for logs and metrics (never carries data).</summary>
    public abstract string Name { get; }

    internal abstract Task<GatewayReply> RunAsync(IInstantlyApi api, CancellationToken ct);

    /// <summary>The reply for a call that never reached Instantly or threw inside the adapter.</summary>
    internal abstract GatewayReply Fail(InstantlyError error);
}

public abstract record InstantlyOperation<T> : InstantlyOperation
{
    protected abstract Task<InstantlyResult<T>> ExecuteAsync(IInstantlyApi api, CancellationToken ct);

    internal override async Task<GatewayReply> RunAsync(IInstantlyApi api, CancellationToken ct)
    {
        var result = await ExecuteAsync(api, ct).ConfigureAwait(false);
        return new GatewayReply<T>(result);
    }

    internal override GatewayReply Fail(InstantlyError error) => new GatewayReply<T>(InstantlyResult<T>.Fail(error));
}

/// <summary>The gateway's answer; the limiter and breaker only need its <see cref="Error"/>.</summary>
public abstract record GatewayReply
{
    public abstract InstantlyError? Error { get; }
}

/// <summary>
/// The operation's typed result. Typed (not boxed as <c>object</c>) so the protocol serializer knows what it holds;
/// each closed type is registered in <see cref="GatewayProtocol"/>.
/// </summary>
public sealed record GatewayReply<T>(InstantlyResult<T> Result) : GatewayReply
{
    public override InstantlyError? Error => Result.Error;
}

public sealed record AddLeadsOperation(BulkAddRequest Request) : InstantlyOperation<BulkAddResult>
{
    public override string Name => "leads.add";
    protected override Task<InstantlyResult<BulkAddResult>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.AddLeadsAsync(Request, ct);
}

public sealed record CreateLeadOperation(CreateLeadRequest Request) : InstantlyOperation<InstantlyLead>
{
    public override string Name => "leads.create";
    protected override Task<InstantlyResult<InstantlyLead>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.CreateLeadAsync(Request, ct);
}

public sealed record ListLeadsOperation(ListLeadsRequest Request) : InstantlyOperation<LeadPage>
{
    public override string Name => "leads.list";
    protected override Task<InstantlyResult<LeadPage>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.ListLeadsAsync(Request, ct);
}

public sealed record GetLeadOperation(string LeadId) : InstantlyOperation<InstantlyLead>
{
    public override string Name => "leads.get";
    protected override Task<InstantlyResult<InstantlyLead>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.GetLeadAsync(LeadId, ct);
}

public sealed record DeleteLeadOperation(string LeadId) : InstantlyOperation<DeleteOutcome>
{
    public override string Name => "leads.delete";
    protected override Task<InstantlyResult<DeleteOutcome>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.DeleteLeadAsync(LeadId, ct);
}

public sealed record DeleteLeadsOperation(string CampaignId, IReadOnlyList<string> LeadIds) : InstantlyOperation<int>
{
    public override string Name => "leads.bulk-delete";
    protected override Task<InstantlyResult<int>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.DeleteLeadsAsync(CampaignId, LeadIds, ct);
}

public sealed record AddBlockListEntriesOperation(IReadOnlyList<string> Values) : InstantlyOperation<BlockListBulkResult>
{
    public override string Name => "block-list.bulk-create";
    protected override Task<InstantlyResult<BlockListBulkResult>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.AddBlockListEntriesAsync(Values, ct);
}

public sealed record GetCampaignOperation(string CampaignId) : InstantlyOperation<Campaign>
{
    public override string Name => "campaigns.get";
    protected override Task<InstantlyResult<Campaign>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.GetCampaignAsync(CampaignId, ct);
}

public sealed record ListCampaignsOperation(int Limit, string? StartingAfter) : InstantlyOperation<CampaignPage>
{
    public override string Name => "campaigns.list";
    protected override Task<InstantlyResult<CampaignPage>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.ListCampaignsAsync(Limit, StartingAfter, ct);
}

public sealed record CampaignAnalyticsOperation(IReadOnlyList<string> CampaignIds, DateOnly? StartDate, DateOnly? EndDate)
    : InstantlyOperation<IReadOnlyList<CampaignAnalytics>>
{
    public override string Name => "campaigns.analytics";
    protected override Task<InstantlyResult<IReadOnlyList<CampaignAnalytics>>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) =>
        api.GetCampaignAnalyticsAsync(CampaignIds, StartDate, EndDate, ct);
}

public sealed record StartEmailVerificationOperation(string Email) : InstantlyOperation<EmailVerification>
{
    public override string Name => "email-verification.start";
    protected override Task<InstantlyResult<EmailVerification>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.StartEmailVerificationAsync(Email, ct);
}

public sealed record GetEmailVerificationOperation(string Email) : InstantlyOperation<EmailVerification>
{
    public override string Name => "email-verification.get";
    protected override Task<InstantlyResult<EmailVerification>> ExecuteAsync(IInstantlyApi api, CancellationToken ct) => api.GetEmailVerificationAsync(Email, ct);
}
