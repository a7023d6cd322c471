using ColdEmail.Cli.Reports;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Pipeline.Observability;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Http.Status;

/// <summary>One campaign's line on the status page: counts only.</summary>
public sealed record CampaignLine(string Campaign, int? Active, int? Target, int DeadLetters);

/// <summary>
/// Everything the status page shows, gathered once per request. Parts that could not be read carry a problem text
/// instead (the page still renders the rest). Counts, names and times only — never an address.
/// </summary>
public sealed record StatusPageModel(
    DateTimeOffset Now,
    IReadOnlyList<CampaignLine> Campaigns,
    ReportWindow? Window,
    IReadOnlyList<DailyPerformanceRow> Daily,
    IReadOnlyDictionary<string, long> DrainedByReason,
    IReadOnlyList<RunRecord> Runs,
    CircuitStatus? Circuit,
    RateLimiterStatus? Limiter,
    PipelineStatusSnapshot Status,
    WebhookHealthView? Webhooks,
    IReadOnlyList<string> Problems);
