using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;
using Npgsql;
using NpgsqlTypes;
using static ColdEmail.Warehouse.Postgres.PgRead;

namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// The PostgreSQL warehouse. PostgreSQL serialises concurrent writers itself, so there is no writer lock here:
/// each batch is one transaction whose rows travel as parameter arrays (unnest), never as spliced SQL text.
/// The session time zone is pinned to UTC so DATE casts and reports mean UTC days whatever the server says.
/// </summary>
public sealed partial class PostgresLeadWarehouse : ILeadWarehouse, IAsyncDisposable, IDisposable
{
    // Business hours need each lead's local clock at an injected "now". AT TIME ZONE only ever sees zones the view
    // found in pg_timezone_names (an unknown zone would raise); CASE, unlike AND, guarantees that guard runs first.
    private const string BusinessHoursBonus =
        "CASE WHEN tz_valid THEN CASE WHEN EXTRACT(ISODOW FROM @now::timestamptz AT TIME ZONE timezone) <= 5 " +
        "AND EXTRACT(HOUR FROM @now::timestamptz AT TIME ZONE timezone) BETWEEN 9 AND 16 THEN 10 ELSE 0 END ELSE 0 END";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "CASE WHEN cooldown_until > @now::timestamptz THEN 'cooldown until ' || to_char(cooldown_until AT TIME ZONE 'UTC', 'YYYY-MM-DD') END, " +
        "CASE WHEN retry_until > @now::timestamptz THEN 'retry scheduled at ' || to_char(retry_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' END)";

    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly CampaignRouting _routing;

    public PostgresLeadWarehouse(PostgresWarehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new ArgumentException("The PostgreSQL warehouse needs a connection string", nameof(options));
        _time = options.TimeProvider ?? TimeProvider.System;
        _routing = options.Routing ?? CampaignRouting.Default;
        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The engine's message can echo part of the string, which may hold the password.
            throw new ArgumentException("The PostgreSQL connection string is not valid (check its keywords)", nameof(options));
        }
        csb.Timezone = "UTC";
        _source = NpgsqlDataSource.Create(csb);
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    // ---------------------------------------------------------------- schema

    public Task EnsureSchemaAsync(CancellationToken ct = default) => InTransactionAsync("creating the schema", async (conn, tx) =>
    {
        // Two processes starting together must not race on CREATE ... IF NOT EXISTS (it is not concurrency-safe).
        await ExecAsync(conn, tx, "SELECT pg_advisory_xact_lock(7283910455)", ct);
        foreach (var script in SqlScripts.For(SqlScripts.Postgres))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                await ExecAsync(conn, tx, RoutingSql.Apply(script.Text, _routing, SqlScripts.Postgres), ct);
            }
            catch (PostgresException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/postgres/{script.FileName}) failed: {ex.MessageText}", ex);
            }
        }
    }, ct);

    // ---------------------------------------------------------------- sync

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var now = (query.Now ?? _time.GetUtcNow()).UtcDateTime;

        // The ordered ready set is ranked once into a session temp table and read by keyset on its rank: each page
        // is an index range, and the set is pinned, so leads written as active while we stream do not shift pages.
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await using (var cmd = Command(conn, null, $"""
                DROP TABLE IF EXISTS pg_temp.ready_snapshot;
                CREATE TEMP TABLE ready_snapshot AS
                SELECT ROW_NUMBER() OVER (ORDER BY score DESC, email COLLATE "C") AS rn, x.*
                FROM (
                    SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
                    FROM v_lead_eligibility
                    WHERE static_reason IS NULL
                      AND (cooldown_until IS NULL OR cooldown_until <= @now::timestamptz)
                      AND (retry_until IS NULL OR retry_until <= @now::timestamptz)
                      AND {RoutingSql.ReadFilter(query, SqlScripts.Postgres)}
                    ORDER BY score DESC, email COLLATE "C"
                    LIMIT @limit::bigint
                ) x;
                CREATE INDEX ON ready_snapshot (rn);
                """, ("now", now), ("limit", (long?)query.Limit)))
            {
                await GuardAsync("ranking ready leads", () => cmd.ExecuteNonQueryAsync(ct), ct).ConfigureAwait(false);
            }

            await using var pageCmd = Command(conn, null,
                $"SELECT {PgRead.ProspectColumns}, score, rn FROM ready_snapshot WHERE rn > @after ORDER BY rn LIMIT @size",
                ("after", 0L), ("size", (long)query.PageSize));
            long after = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                pageCmd.Parameters["after"].Value = after;
                var page = new List<Prospect>(query.PageSize);
                await using (var r = await pageCmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        page.Add(Prospect(r, 0));
                        after = r.GetInt64(13);
                    }
                }
                foreach (var p in page) yield return p;
                if (page.Count < query.PageSize) yield break;
            }
        }
        finally
        {
            await using var drop = Command(conn, null, "DROP TABLE IF EXISTS pg_temp.ready_snapshot");
            await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        PgRead.ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView) + " AS sequence_target", StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(conn, null, $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   CASE WHEN cooldown_until > @now::timestamptz THEN cooldown_until END AS cooldown
            FROM v_lead_eligibility
            ORDER BY score DESC, email COLLATE "C" NULLS LAST, raw_email COLLATE "C" NULLS LAST
            LIMIT @limit
            """, ("now", now), ("limit", (long)limit));
        // Npgsql reads rows off the socket as they are consumed: the result is never held whole in memory.
        await using var r = await GuardAsync("reading eligibility", () => cmd.ExecuteReaderAsync(ct), ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            yield return new EligibilityRow(Prospect(r, 0), Str(r, 13), Time(r, 14));
    }

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

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await QueryAsync("counting active leads",
            "SELECT campaign_id, COUNT(*) FROM ops_inst_state WHERE status = 'active' GROUP BY campaign_id",
            r => (Campaign: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1))), ct).ConfigureAwait(false);
        return rows.ToDictionary(x => x.Campaign, x => x.Count, StringComparer.Ordinal);
    }
}
