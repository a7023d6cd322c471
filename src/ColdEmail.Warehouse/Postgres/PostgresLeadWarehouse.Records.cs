using System.Data.Common;
using ColdEmail.Warehouse.Schema;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>Dead letters, config, runs, suppression and verification: small keyed tables, upserted per batch.</summary>
public sealed partial class PostgresLeadWarehouse
{
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

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        QueryAsync("listing dead letters",
            $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE @all OR resolved_at IS NULL ORDER BY last_failure_at DESC, id COLLATE \"C\" LIMIT @limit",
            ReadDeadLetter, ct, ("all", includeResolved), ("limit", (long)Math.Max(0, limit)));

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

    public Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) =>
        QueryAsync("reading config", "SELECT key, value_json, updated_at FROM config ORDER BY key COLLATE \"C\"",
            r => new ConfigEntry(r.GetString(0), r.GetString(1), Time(r, 2)!.Value), ct);

    public Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(valueJson);
        return ExecBatchAsync($"writing config key {key}", """
            INSERT INTO config (key, value_json, updated_at) VALUES (@key, @value, @at)
            ON CONFLICT (key) DO UPDATE SET value_json = EXCLUDED.value_json, updated_at = EXCLUDED.updated_at
            """, ct, ("key", key), ("value", valueJson), ("at", at.UtcDateTime));
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

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        QueryAsync("listing runs",
            "SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM ops_runs ORDER BY started_at DESC, run_id COLLATE \"C\" LIMIT @limit",
            r => new RunRecord(r.GetString(0), r.GetString(1), Time(r, 2)!.Value, Time(r, 3)!.Value, r.GetBoolean(4), r.GetString(5)),
            ct, ("limit", (long)Math.Max(0, limit)));

    public Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        // The first suppression of an address wins: "since" keeps the original date.
        return ExecBatchAsync("adding suppressions", """
            INSERT INTO suppression (email, reason, since)
            SELECT DISTINCT ON (email) email, reason, since
            FROM unnest(@email::text[], @reason::text[], @since::timestamptz[]) WITH ORDINALITY AS s(email, reason, since, seq)
            ORDER BY email, since, seq
            ON CONFLICT (email) DO NOTHING
            """, ct, ("email", entries.Select(s => s.Email).ToArray()), ("reason", entries.Select(s => s.Reason).ToArray()),
            ("since", entries.Select(s => s.Since.UtcDateTime).ToArray()));
    }

    public async Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default)
    {
        var rows = await QueryAsync("looking up a suppression", "SELECT email, reason, since FROM suppression WHERE email = @email",
            r => new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value), ct, ("email", Normalise(email))).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

}
