using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>What a run records: lead states, dead letters and run summaries.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, """
                CREATE TEMP TABLE stage_state (seq BIGINT, email VARCHAR, campaign_id VARCHAR, campaign_name VARCHAR,
                    instantly_lead_id VARCHAR, status VARCHAR, status_code INTEGER, changed_at TIMESTAMP, retry_count INTEGER,
                    api_response_time_ms BIGINT, reason VARCHAR)
                """);
            using (var a = conn.CreateAppender("temp", "main", "stage_state"))
            {
                long seq = 0;
                foreach (var s in rows)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(s.Email).AppendValue(s.CampaignId).AppendValue(s.CampaignName)
                        .AppendValue(s.InstantlyLeadId).AppendValue(LeadStateNames.ToSql(s.State)).AppendValue(s.StatusCode)
                        .AppendValue((DateTime?)s.At.UtcDateTime).AppendValue((int?)s.RetryCount).AppendValue(s.ApiResponseTimeMs)
                        .AppendValue(s.Reason).EndRow();
                }
            }
            // A key twice in one statement is an error for ON CONFLICT, so repeated keys keep only their last row;
            // the ranking is skipped when the batch has none (the usual case), which saves a sort per batch.
            var keys = new HashSet<(string, string)>();
            var unique = rows.All(r => keys.Add((r.Email, r.CampaignId)));
            var source = unique
                ? "stage_state"
                : "(SELECT * FROM stage_state QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1)";
            InTransaction(conn, () => Execute(conn, $"""
                INSERT INTO ops_inst_state (state_key, email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
                    api_response_time_ms, retry_count, reason)
                SELECT inst_state_key(email, campaign_id), email, campaign_id, campaign_name, instantly_lead_id, status, status_code, changed_at, changed_at, NULL,
                       status IN ('active', 'engaged'), 100, api_response_time_ms, retry_count, reason
                FROM {source}
                ON CONFLICT (state_key) DO UPDATE SET
                    campaign_name = COALESCE(EXCLUDED.campaign_name, campaign_name),
                    instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, instantly_lead_id),
                    status = EXCLUDED.status,
                    status_code = EXCLUDED.status_code,
                    updated_at = EXCLUDED.updated_at,
                    needs_drain_check = EXCLUDED.needs_drain_check,
                    api_response_time_ms = COALESCE(EXCLUDED.api_response_time_ms, api_response_time_ms),
                    retry_count = EXCLUDED.retry_count,
                    reason = EXCLUDED.reason
                """));
        }, ct);
    }

    private const string DeadLetterColumns =
        "id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, " +
        "first_failure_at, last_failure_at, permanent, resolved_at, resolution";

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, """
                CREATE TEMP TABLE stage_dead (seq BIGINT, id VARCHAR, operation VARCHAR, email VARCHAR, campaign_id VARCHAR,
                    error_kind VARCHAR, http_status INTEGER, message VARCHAR, payload VARCHAR, retry_count INTEGER,
                    next_retry_at TIMESTAMP, first_failure_at TIMESTAMP, last_failure_at TIMESTAMP, permanent BOOLEAN,
                    resolved_at TIMESTAMP, resolution VARCHAR)
                """);
            using (var a = conn.CreateAppender("temp", "main", "stage_dead"))
            {
                long seq = 0;
                foreach (var d in letters)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(d.Id).AppendValue(d.Operation).AppendValue(d.Email)
                        .AppendValue(d.CampaignId).AppendValue(d.ErrorKind).AppendValue(d.HttpStatus).AppendValue(d.Message)
                        .AppendValue(d.PayloadJson).AppendValue((int?)d.RetryCount).AppendValue(d.NextRetryAt?.UtcDateTime)
                        .AppendValue((DateTime?)d.FirstFailureAt.UtcDateTime).AppendValue((DateTime?)d.LastFailureAt.UtcDateTime)
                        .AppendValue((bool?)d.Permanent).AppendValue(d.ResolvedAt?.UtcDateTime).AppendValue(d.Resolution).EndRow();
                }
            }
            InTransaction(conn, () => Execute(conn, $"""
                INSERT INTO ops_dead_letters ({DeadLetterColumns})
                SELECT {DeadLetterColumns}
                FROM (SELECT * FROM stage_dead QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY seq DESC) = 1)
                ON CONFLICT (id) DO UPDATE SET
                    operation = EXCLUDED.operation, email = EXCLUDED.email, campaign_id = EXCLUDED.campaign_id,
                    error_kind = EXCLUDED.error_kind, http_status = EXCLUDED.http_status, message = EXCLUDED.message,
                    payload = EXCLUDED.payload, retry_count = EXCLUDED.retry_count, next_retry_at = EXCLUDED.next_retry_at,
                    first_failure_at = LEAST(first_failure_at, EXCLUDED.first_failure_at),
                    last_failure_at = EXCLUDED.last_failure_at, permanent = EXCLUDED.permanent,
                    resolved_at = EXCLUDED.resolved_at, resolution = EXCLUDED.resolution
                """));
        }, ct);
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        QueryDeadLetters(
            $"""
            SELECT {DeadLetterColumns} FROM ops_dead_letters
            WHERE resolved_at IS NULL AND NOT permanent AND (next_retry_at IS NULL OR next_retry_at <= $now)
            ORDER BY next_retry_at NULLS FIRST, id LIMIT $limit
            """,
            ct, ("now", now.UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    private Task<IReadOnlyList<DeadLetter>> QueryDeadLetters(string sql, CancellationToken ct, params (string, object?)[] ps) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, sql, ps);
        return ReadDeadLetters(cmd);
    }, ct);

    private static IReadOnlyList<DeadLetter> ReadDeadLetters(DuckDBCommand cmd)
    {
        var list = new List<DeadLetter>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new DeadLetter(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), r.GetString(4), Int(r, 5),
                r.GetString(6), Str(r, 7), Int(r, 8) ?? 0, Time(r, 9), Time(r, 10)!.Value, Time(r, 11)!.Value,
                r.GetBoolean(12), Time(r, 13), Str(r, 14)));
        }
        return list;
    }

    public Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, "CREATE TEMP TABLE stage_ids (id VARCHAR)");
            using (var a = conn.CreateAppender("temp", "main", "stage_ids"))
            {
                foreach (var id in ids) a.CreateRow().AppendValue(id).EndRow();
            }
            InTransaction(conn, () =>
            {
                using var cmd = Command(conn, """
                    UPDATE ops_dead_letters SET resolved_at = $at, resolution = $resolution
                    WHERE id IN (SELECT id FROM stage_ids) AND resolved_at IS NULL
                    """, ("at", at.UtcDateTime), ("resolution", resolution));
                cmd.ExecuteNonQuery();
            });
        }, ct);
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(conn =>
        {
            using var cmd = Command(conn, """
                INSERT INTO ops_runs (run_id, kind, started_at, finished_at, succeeded, summary_json)
                VALUES ($id, $kind, $started, $finished, $ok, $summary)
                ON CONFLICT (run_id) DO UPDATE SET kind = EXCLUDED.kind, started_at = EXCLUDED.started_at,
                    finished_at = EXCLUDED.finished_at, succeeded = EXCLUDED.succeeded, summary_json = EXCLUDED.summary_json
                """, ("id", run.RunId), ("kind", run.Kind), ("started", run.StartedAt.UtcDateTime),
                ("finished", run.FinishedAt.UtcDateTime), ("ok", run.Succeeded), ("summary", run.SummaryJson));
            cmd.ExecuteNonQuery();
        }, ct);
    }
}
