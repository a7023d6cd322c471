using ColdEmail.Instantly;
using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Gateway;

/// <summary>
/// The gateway's messages. Calls and replies stay on their node in a cluster (HTTP payloads never cross nodes), but they
/// are registered like everything else so specs can run with serialize-messages on and nothing depends on locality.
/// </summary>
public sealed class GatewayProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<InstantlyCall>("gw.call")
        .Add<ApplyGatewaySettings>("gw.apply-settings")
        .Add<AddLeadsOperation>("gw.op.leads.add")
        .Add<CreateLeadOperation>("gw.op.leads.create")
        .Add<ListLeadsOperation>("gw.op.leads.list")
        .Add<GetLeadOperation>("gw.op.leads.get")
        .Add<DeleteLeadOperation>("gw.op.leads.delete")
        .Add<DeleteLeadsOperation>("gw.op.leads.bulk-delete")
        .Add<AddBlockListEntriesOperation>("gw.op.block-list.add")
        .Add<GetCampaignOperation>("gw.op.campaigns.get")
        .Add<ListCampaignsOperation>("gw.op.campaigns.list")
        .Add<CampaignAnalyticsOperation>("gw.op.campaigns.analytics")
        .Add<StartEmailVerificationOperation>("gw.op.verification.start")
        .Add<GetEmailVerificationOperation>("gw.op.verification.get")
        .Add<GatewayReply<BulkAddResult>>("gw.reply.bulk-add")
        .Add<GatewayReply<InstantlyLead>>("gw.reply.lead")
        .Add<GatewayReply<LeadPage>>("gw.reply.lead-page")
        .Add<GatewayReply<DeleteOutcome>>("gw.reply.delete")
        .Add<GatewayReply<int>>("gw.reply.count")
        .Add<GatewayReply<BlockListBulkResult>>("gw.reply.block-list")
        .Add<GatewayReply<Campaign>>("gw.reply.campaign")
        .Add<GatewayReply<CampaignPage>>("gw.reply.campaign-page")
        .Add<GatewayReply<IReadOnlyList<CampaignAnalytics>>>("gw.reply.analytics")
        .Add<GatewayReply<EmailVerification>>("gw.reply.verification")
        // Circuit breaker
        .Add<RequestPass>("cb.request-pass")
        .Add<PassGranted>("cb.pass-granted")
        .Add<PassRefused>("cb.pass-refused")
        .Add<RecordCallOutcome>("cb.record-outcome")
        .Add<ApplyCircuitBreakerOptions>("cb.apply-options")
        .Add<GetCircuitStatus>("cb.get-status")
        .Add<CircuitStatus>("cb.status")
        .Add<CircuitBreakerStateChanged>("cb.state-changed")
        // Rate limiter
        .Add<AcquirePermit>("rl.acquire")
        .Add<PermitGranted>("rl.granted")
        .Add<ReportOutcome>("rl.report-outcome")
        .Add<ApplyRateLimiterOptions>("rl.apply-options")
        .Add<GetRateLimiterStatus>("rl.get-status")
        .Add<RateLimiterStatus>("rl.status");
}
