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

    private const string DeadLetterColumns =
        "id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, " +
        "first_failure_at, last_failure_at, permanent, resolved_at, resolution";

    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default) =>
        MergeInBatchesAsync(rows, StateFields, (s, seq) =>
            [seq, s.Email, s.CampaignId, s.CampaignName, s.InstantlyLeadId, LeadStateNames.ToSql(s.State), (long?)s.StatusCode,
             s.At, (long)s.RetryCount, s.ApiResponseTimeMs, s.Reason],
            $"""
            MERGE {T("ops_inst_state")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET
                campaign_name = COALESCE(S.campaign_name, T.campaign_name),
                instantly_lead_id = COALESCE(S.instantly_lead_id, T.instantly_lead_id),
                status = S.status,
                status_code = S.status_code,
                updated_at = S.changed_at,
                needs_drain_check = S.status IN ('active', 'engaged'),
                api_response_time_ms = COALESCE(S.api_response_time_ms, T.api_response_time_ms),
                retry_count = S.retry_count,
                reason = S.reason
            WHEN NOT MATCHED THEN INSERT (email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority, api_response_time_ms,
                retry_count, reason)
            VALUES (S.email, S.campaign_id, S.campaign_name, S.instantly_lead_id, S.status, S.status_code, S.changed_at,
                S.changed_at, NULL, S.status IN ('active', 'engaged'), 100, S.api_response_time_ms, S.retry_count, S.reason)
            """, ct);

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default) =>
        MergeInBatchesAsync(letters, DeadLetterFields, (d, seq) =>
            [seq, d.Id, d.Operation, d.Email, d.CampaignId, d.ErrorKind, (long?)d.HttpStatus, d.Message, d.PayloadJson, (long)d.RetryCount,
             d.NextRetryAt, d.FirstFailureAt, d.LastFailureAt, d.Permanent, d.ResolvedAt, d.Resolution],
            $"""
            MERGE {T("ops_dead_letters")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY seq DESC) = 1) S
            ON T.id = S.id
            WHEN MATCHED THEN UPDATE SET
                operation = S.operation, email = S.email, campaign_id = S.campaign_id, error_kind = S.error_kind,
                http_status = S.http_status, message = S.message, payload = S.payload, retry_count = S.retry_count,
                next_retry_at = S.next_retry_at, first_failure_at = LEAST(T.first_failure_at, S.first_failure_at),
                last_failure_at = S.last_failure_at, permanent = S.permanent, resolved_at = S.resolved_at, resolution = S.resolution
            WHEN NOT MATCHED THEN INSERT ({DeadLetterColumns})
            VALUES (S.id, S.operation, S.email, S.campaign_id, S.error_kind, S.http_status, S.message, S.payload, S.retry_count,
                S.next_retry_at, S.first_failure_at, S.last_failure_at, S.permanent, S.resolved_at, S.resolution)
            """, ct);

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync($"""
            SELECT {DeadLetterColumns} FROM {T("ops_dead_letters")}
            WHERE resolved_at IS NULL AND NOT permanent AND (next_retry_at IS NULL OR next_retry_at <= @now)
            ORDER BY next_retry_at NULLS FIRST, id LIMIT @limit
            """, [BqParameter.Timestamp("now", now), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(ReadDeadLetter).ToList();

    public async Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return;
        await _client.ExecuteAsync(
            $"UPDATE {T("ops_dead_letters")} SET resolved_at = @at, resolution = @resolution WHERE id IN UNNEST(@ids) AND resolved_at IS NULL",
            [BqParameter.Timestamp("at", at), BqParameter.String("resolution", resolution), BqParameter.Strings("ids", ids)], ct).ConfigureAwait(false);
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _client.ExecuteAsync($"""
            MERGE {T("ops_runs")} T
            USING (SELECT @run_id AS run_id, @kind AS kind, @started_at AS started_at, @finished_at AS finished_at,
                          @succeeded AS succeeded, @summary AS summary_json) S
            ON T.run_id = S.run_id
            WHEN MATCHED THEN UPDATE SET kind = S.kind, started_at = S.started_at, finished_at = S.finished_at,
                succeeded = S.succeeded, summary_json = S.summary_json
            WHEN NOT MATCHED THEN INSERT (run_id, kind, started_at, finished_at, succeeded, summary_json)
            VALUES (S.run_id, S.kind, S.started_at, S.finished_at, S.succeeded, S.summary_json)
            """,
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
