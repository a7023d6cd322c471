using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using Npgsql;
using NpgsqlTypes;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>What a run records: lead states, dead letters and run summaries.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        // A key twice in one statement is an error for ON CONFLICT, so repeated keys keep only their last row.
        return ExecBatchAsync("upserting ops_inst_state", """
            INSERT INTO ops_inst_state (email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
                api_response_time_ms, retry_count, reason)
            SELECT DISTINCT ON (email, campaign_id)
                   email, campaign_id, campaign_name, instantly_lead_id, status, status_code, changed_at, changed_at,
                   NULL::timestamptz, status IN ('active', 'engaged'), 100, api_ms, retry_count, reason
            FROM unnest(@email::text[], @campaign::text[], @cname::text[], @lid::text[], @status::text[], @code::int[],
                        @at::timestamptz[], @retry::int[], @ms::bigint[], @reason::text[])
                 WITH ORDINALITY AS s(email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                                      changed_at, retry_count, api_ms, reason, seq)
            ORDER BY email, campaign_id, seq DESC
            ON CONFLICT (email, campaign_id) DO UPDATE SET
                campaign_name = COALESCE(EXCLUDED.campaign_name, ops_inst_state.campaign_name),
                instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, ops_inst_state.instantly_lead_id),
                status = EXCLUDED.status,
                status_code = EXCLUDED.status_code,
                updated_at = EXCLUDED.updated_at,
                needs_drain_check = EXCLUDED.needs_drain_check,
                api_response_time_ms = COALESCE(EXCLUDED.api_response_time_ms, ops_inst_state.api_response_time_ms),
                retry_count = EXCLUDED.retry_count,
                reason = EXCLUDED.reason
            """, ct,
            ("email", rows.Select(s => s.Email).ToArray()),
            ("campaign", rows.Select(s => s.CampaignId).ToArray()),
            ("cname", rows.Select(s => s.CampaignName).ToArray()),
            ("lid", rows.Select(s => s.InstantlyLeadId).ToArray()),
            ("status", rows.Select(s => LeadStateNames.ToSql(s.State)).ToArray()),
            ("code", rows.Select(s => s.StatusCode).ToArray()),
            ("at", rows.Select(s => s.At.UtcDateTime).ToArray()),
            ("retry", rows.Select(s => s.RetryCount).ToArray()),
            ("ms", rows.Select(s => s.ApiResponseTimeMs).ToArray()),
            ("reason", rows.Select(s => s.Reason).ToArray()));
    }

    private const string DeadLetterColumns =
        "id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, " +
        "first_failure_at, last_failure_at, permanent, resolved_at, resolution";

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("upserting ops_dead_letters", $"""
            INSERT INTO ops_dead_letters ({DeadLetterColumns})
            SELECT DISTINCT ON (id) {DeadLetterColumns}
            FROM unnest(@id::text[], @op::text[], @email::text[], @campaign::text[], @kind::text[], @http::int[], @msg::text[],
                        @payload::text[], @retry::int[], @next::timestamptz[], @first::timestamptz[], @last::timestamptz[],
                        @perm::boolean[], @resolved::timestamptz[], @resolution::text[])
                 WITH ORDINALITY AS s({DeadLetterColumns}, seq)
            ORDER BY id, seq DESC
            ON CONFLICT (id) DO UPDATE SET
                operation = EXCLUDED.operation, email = EXCLUDED.email, campaign_id = EXCLUDED.campaign_id,
                error_kind = EXCLUDED.error_kind, http_status = EXCLUDED.http_status, message = EXCLUDED.message,
                payload = EXCLUDED.payload, retry_count = EXCLUDED.retry_count, next_retry_at = EXCLUDED.next_retry_at,
                first_failure_at = LEAST(ops_dead_letters.first_failure_at, EXCLUDED.first_failure_at),
                last_failure_at = EXCLUDED.last_failure_at, permanent = EXCLUDED.permanent,
                resolved_at = EXCLUDED.resolved_at, resolution = EXCLUDED.resolution
            """, ct,
            ("id", letters.Select(d => d.Id).ToArray()),
            ("op", letters.Select(d => d.Operation).ToArray()),
            ("email", letters.Select(d => d.Email).ToArray()),
            ("campaign", letters.Select(d => d.CampaignId).ToArray()),
            ("kind", letters.Select(d => d.ErrorKind).ToArray()),
            ("http", letters.Select(d => d.HttpStatus).ToArray()),
            ("msg", letters.Select(d => d.Message).ToArray()),
            ("payload", letters.Select(d => d.PayloadJson).ToArray()),
            ("retry", letters.Select(d => d.RetryCount).ToArray()),
            ("next", letters.Select(d => d.NextRetryAt?.UtcDateTime).ToArray()),
            ("first", letters.Select(d => d.FirstFailureAt.UtcDateTime).ToArray()),
            ("last", letters.Select(d => d.LastFailureAt.UtcDateTime).ToArray()),
            ("perm", letters.Select(d => d.Permanent).ToArray()),
            ("resolved", letters.Select(d => d.ResolvedAt?.UtcDateTime).ToArray()),
            ("resolution", letters.Select(d => d.Resolution).ToArray()));
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        QueryAsync("listing due dead letters", $"""
            SELECT {DeadLetterColumns} FROM ops_dead_letters
            WHERE resolved_at IS NULL AND NOT permanent AND (next_retry_at IS NULL OR next_retry_at <= @now)
            ORDER BY next_retry_at NULLS FIRST, id COLLATE "C" LIMIT @limit
            """, ReadDeadLetter, ct, ("now", now.UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    private static DeadLetter ReadDeadLetter(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), r.GetString(4), Int(r, 5),
            r.GetString(6), Str(r, 7), Int(r, 8) ?? 0, Time(r, 9), Time(r, 10)!.Value, Time(r, 11)!.Value,
            r.GetBoolean(12), Time(r, 13), Str(r, 14));

    public Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("resolving dead letters", """
            UPDATE ops_dead_letters SET resolved_at = @at, resolution = @resolution
            WHERE id = ANY(@ids) AND resolved_at IS NULL
            """, ct, ("at", at.UtcDateTime), ("resolution", resolution), ("ids", ids.ToArray()));
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ExecBatchAsync("recording a run", """
            INSERT INTO ops_runs (run_id, kind, started_at, finished_at, succeeded, summary_json)
            VALUES (@id, @kind, @started, @finished, @ok, @summary)
            ON CONFLICT (run_id) DO UPDATE SET kind = EXCLUDED.kind, started_at = EXCLUDED.started_at,
                finished_at = EXCLUDED.finished_at, succeeded = EXCLUDED.succeeded, summary_json = EXCLUDED.summary_json
            """, ct, ("id", run.RunId), ("kind", run.Kind), ("started", run.StartedAt.UtcDateTime),
            ("finished", run.FinishedAt.UtcDateTime), ("ok", run.Succeeded), ("summary", run.SummaryJson));
    }
}
