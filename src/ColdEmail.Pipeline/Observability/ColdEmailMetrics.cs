using System.Diagnostics.Metrics;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Observability;

/// <summary>
/// The daemon's instruments, on the meter "ColdEmail" from the DI <see cref="IMeterFactory"/>. The Prometheus exporter
/// names them by convention (dots → underscores, unit "s" → _seconds, counters get _total; see the README
/// "Operating it"). Labels are campaign names, reasons, operations and statuses only: never an address or a secret.
/// Gauges read <see cref="PipelineStatus"/>, so a scrape never touches an actor or the warehouse.
/// </summary>
public sealed class ColdEmailMetrics
{
    public const string MeterName = "ColdEmail";

    // In seconds: the exporter's default buckets are milliseconds-sized (up to 10 000), useless for a unit of seconds.
    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] RunBuckets = [0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

    private readonly Counter<long> _enrolled;
    private readonly Counter<long> _drained;
    private readonly Counter<long> _suppressions;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestSeconds;
    private readonly Histogram<double> _limiterDelay;
    private readonly Histogram<double> _runDuration;
    private readonly CampaignNames _campaigns;

    public ColdEmailMetrics(IMeterFactory meters, PipelineStatus status, CampaignNames campaigns)
    {
        Status = status;
        _campaigns = campaigns;
        var meter = meters.Create(MeterName);
        _enrolled = meter.CreateCounter<long>("coldemail.leads.enrolled", "{lead}", "Leads added to an Instantly campaign");
        _drained = meter.CreateCounter<long>("coldemail.leads.drained", "{lead}", "Leads removed from a campaign by the drain, by reason");
        _suppressions = meter.CreateCounter<long>("coldemail.suppressions", "{person}", "People suppressed for ever, by reason");
        _requests = meter.CreateCounter<long>("coldemail.instantly.requests", "{request}", "Requests sent to Instantly, by operation and outcome");
        _requestSeconds = meter.CreateHistogram("coldemail.instantly.request", "s", "Time an Instantly request took", null, Buckets(RequestBuckets));
        _limiterDelay = meter.CreateHistogram("coldemail.rate_limiter.delay", "s", "Time a request waited for the rate limiter's permit", null, Buckets(RequestBuckets));
        _runDuration = meter.CreateHistogram("coldemail.run.duration", "s", "Duration of a sync, drain or orphan run", null, Buckets(RunBuckets));
        meter.CreateObservableGauge("coldemail.dead_letters", () => status.Current.DeadLetters
            .Select(kv => new Measurement<long>(kv.Value, Tag("campaign", kv.Key))), "{letter}", "Unresolved dead letters waiting for a retry");
        meter.CreateObservableGauge("coldemail.inventory.active", () => status.Current.Inventory
            .Select(kv => new Measurement<long>(kv.Value.Active, Tag("campaign", kv.Key))), "{lead}", "Active leads in the campaign");
        meter.CreateObservableGauge("coldemail.inventory.target", () => status.Current.Inventory.Where(kv => kv.Value.Target is not null)
            .Select(kv => new Measurement<long>(kv.Value.Target!.Value, Tag("campaign", kv.Key))), "{lead}", "Active leads the sync aims for");
        meter.CreateObservableGauge("coldemail.circuit.open", () => new Measurement<int>(
            status.Current.Circuit == CircuitState.Closed ? 0 : 1, Tag("breaker", "instantly")), null, "1 while the Instantly circuit breaker is open or half-open");
        meter.CreateObservableGauge("coldemail.last_run_success.timestamp", () => status.Current.LastSuccess
            .Select(kv => new Measurement<double>(kv.Value.ToUnixTimeMilliseconds() / 1000.0, Tag("kind", kv.Key))), "s",
            "Unix time of the last run of this kind that finished without failures");
    }

    public PipelineStatus Status { get; }

    /// <summary>Campaign name for an Instantly campaign id (labels use names; an unknown id becomes "other").</summary>
    public string CampaignLabel(string? campaignId) => _campaigns.NameOf(campaignId);

    public void LeadsEnrolled(string campaign, int count)
    {
        if (count > 0) _enrolled.Add(count, Tag("campaign", campaign));
    }

    public void LeadDrained(string campaignId, string reason) =>
        _drained.Add(1, Tag("campaign", CampaignLabel(campaignId)), Tag("reason", reason));

    public void Suppressed(string reason, int count = 1) => _suppressions.Add(count, Tag("reason", reason));

    public void InstantlyRequest(string operation, string status, TimeSpan took)
    {
        _requests.Add(1, Tag("operation", operation), Tag("status", status));
        _requestSeconds.Record(took.TotalSeconds, Tag("operation", operation));
    }

    public void RateLimiterDelay(TimeSpan waited) => _limiterDelay.Record(Math.Max(0, waited.TotalSeconds));

    public void RunFinished(RunStatus run)
    {
        _runDuration.Record(Math.Max(0, (run.FinishedAt - run.StartedAt).TotalSeconds), Tag("kind", run.Kind), Tag("result", run.Succeeded ? "ok" : "failed"));
        Status.RunFinished(run);
    }

    private static InstrumentAdvice<double> Buckets(double[] bounds) => new() { HistogramBucketBoundaries = bounds };

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
