using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>What a run records: lead states, dead letters and run summaries.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    private static readonly BqField[] StateFields =
    [
        new("seq", BqType.Int64), new("email", BqType.String), new("campaign_id", BqType.String), new("campaign_name", BqType.String),
        new("instantly_lead_id", BqType.String), new("status", BqType.String), new("status_code", BqType.Int64),
        new("changed_at", BqType.Timestamp), new("retry_count", BqType.Int64), new("api_response_time_ms", BqType.Int64),
        new("reason", BqType.String),
    ];

    private static readonly BqField[] DeadLetterFields =
    [
        new("seq", BqType.Int64), new("id", BqType.String), new("operation", BqType.String), new("email", BqType.String),
        new("campaign_id", BqType.String), new("error_kind", BqType.String), new("http_status", BqType.Int64),
        new("message", BqType.String), new("payload", BqType.String), new("retry_count", BqType.Int64),
        new("next_retry_at", BqType.Timestamp), new("first_failure_at", BqType.Timestamp), new("last_failure_at", BqType.Timestamp),
        new("permanent", BqType.Bool), new("resolved_at", BqType.Timestamp), new("resolution", BqType.String),
    ];

    private static readonly BqField[] KeyFields = [new("email", BqType.String), new("campaign_id", BqType.String)];

    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, StateFields, (s, seq) =>
            [seq, s.Email, s.CampaignId, s.CampaignName, s.InstantlyLeadId, LeadStateNames.ToSql(s.State), (long?)s.StatusCode,
             s.At, (long)s.RetryCount, s.ApiResponseTimeMs, s.Reason],
            SqlText("outcomes/upsert_lead_states"), ct);

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default) =>
        MergeInBatchesAsync(letters, DeadLetterFields, (d, seq) =>
            [seq, d.Id, d.Operation, d.Email, d.CampaignId, d.ErrorKind, (long?)d.HttpStatus, d.Message, d.PayloadJson, (long)d.RetryCount,
             d.NextRetryAt, d.FirstFailureAt, d.LastFailureAt, d.Permanent, d.ResolvedAt, d.Resolution],
            SqlText("outcomes/upsert_dead_letters"), ct);

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("outcomes/dead_letters_due"), [BqParameter.Timestamp("now", now), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(ReadDeadLetter).ToList();

    public async Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        await _client.ExecuteAsync(
            SqlText("outcomes/resolve_dead_letters"),
            [BqParameter.Timestamp("at", at), BqParameter.String("resolution", resolution), BqParameter.Strings("ids", ids)], ct).ConfigureAwait(false);
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _client.ExecuteAsync(SqlText("outcomes/record_run"),
            [BqParameter.String("run_id", run.RunId), BqParameter.String("kind", run.Kind), BqParameter.Timestamp("started_at", run.StartedAt),
             BqParameter.Timestamp("finished_at", run.FinishedAt), BqParameter.Bool("succeeded", run.Succeeded),
             BqParameter.String("summary", run.SummaryJson)], ct);
    }

    private static DeadLetter ReadDeadLetter(BqRow r) => new(
        r.RequiredString("id"), r.RequiredString("operation"), r.RequiredString("email"), r.String("campaign_id"),
        r.RequiredString("error_kind"), r.Int32("http_status"), r.RequiredString("message"), r.String("payload"),
        r.Int32("retry_count") ?? 0, r.Timestamp("next_retry_at"), r.Timestamp("first_failure_at")!.Value,
        r.Timestamp("last_failure_at")!.Value, r.Bool("permanent") ?? false, r.Timestamp("resolved_at"), r.String("resolution"));
}
