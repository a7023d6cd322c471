using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file. DuckDB allows one writing process and serialises writers
/// optimistically (a conflict aborts a transaction), so writes here are serialised by a semaphore and
/// run in a transaction per batch; reads run concurrently on their own connections. The file is held only
/// while in use (<see cref="DuckDbFileHold"/>), so other processes can open it between runs.
/// </summary>
public sealed partial class DuckDbLeadWarehouse : ILeadWarehouse, IAsyncDisposable, IDisposable
{
    private const string ProspectColumns =
        "email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly, employee_count, " +
        "product_count, avg_price, klaviyo_installed_at, timezone, sequence_target";

    // Business hours need each lead's local clock at an injected "now". They are computed once per IANA zone
    // (a few hundred ICU conversions, not one per lead) and joined; an unknown zone finds no row and scores 0.
    private const string BusinessHoursJoin =
        "LEFT JOIN (SELECT name AS bh_zone, " +
        "CASE WHEN ISODOW(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) <= 5 " +
        "AND HOUR(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) BETWEEN 9 AND 16 THEN 10 ELSE 0 END AS bh_bonus " +
        "FROM (SELECT DISTINCT name FROM pg_timezone_names())) bh ON bh.bh_zone = v_lead_eligibility.timezone";

    private const string BusinessHoursBonus = "COALESCE(bh.bh_bonus, 0)";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "CASE WHEN cooldown_until > $now THEN 'cooldown until ' || strftime(cooldown_until, '%Y-%m-%d') END, " +
        "CASE WHEN retry_until > $now THEN 'retry scheduled at ' || strftime(retry_until, '%Y-%m-%d %H:%M:%S') || ' UTC' END)";

    private readonly DuckDbWarehouseOptions _options;
    private readonly DuckDbFileHold _file;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;

    public DuckDbLeadWarehouse(DuckDbWarehouseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
            throw new ArgumentException("The DuckDB warehouse needs a file path", nameof(options));
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        var dir = Path.GetDirectoryName(Path.GetFullPath(options.Path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _file = new DuckDbFileHold(options.Path, options.Resources);
    }

    public void Dispose()
    {
        _file.Dispose();
        _writeLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    // ---------------------------------------------------------------- schema

    public Task EnsureSchemaAsync(CancellationToken ct = default) => WriteAsync(conn =>
    {
        foreach (var script in SqlScripts.For(SqlScripts.DuckDb))
        {
            ct.ThrowIfCancellationRequested();
            var sql = script.ObjectName == "eligible_leads" && _options.EligibleLeadsFile is { } file
                ? EligibleLeadsFileView(conn, file)
                : RoutingSql.Apply(script.Text, _options.Routing ?? CampaignRouting.Default, SqlScripts.DuckDb);
            try
            {
                Execute(conn, sql);
            }
            catch (DuckDBException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/duckdb/{script.FileName}) failed: {ex.Message}", ex);
            }
        }
    }, ct);

    private static string EligibleLeadsFileView(DuckDBConnection conn, string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new FileNotFoundException($"The eligible leads file '{full}' does not exist", full);
        using (var cmd = Command(conn, "SELECT table_type FROM information_schema.tables WHERE table_name = 'eligible_leads'"))
        {
            if (cmd.ExecuteScalar() is string type && type != "VIEW")
                throw new WarehouseException(
                    $"eligible_leads is already a table in this warehouse, so it cannot become a view over '{full}'; drop the table or remove the file option");
        }
        var quoted = full.Replace("'", "''", StringComparison.Ordinal);
        // Every column is read as text and cast leniently: a bad value becomes NULL instead of failing the run.
        var reader = full.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? $"read_parquet('{quoted}')"
            : $"read_csv('{quoted}', header = true, all_varchar = true, auto_detect = true)";
        return $"""
            CREATE OR REPLACE VIEW eligible_leads AS
            SELECT
                TRY_CAST(email AS VARCHAR) AS email,
                TRY_CAST(merchant_name AS VARCHAR) AS merchant_name,
                TRY_CAST(platform_domain AS VARCHAR) AS platform_domain,
                TRY_CAST(domain AS VARCHAR) AS domain,
                TRY_CAST(state AS VARCHAR) AS state,
                TRY_CAST(country_code AS VARCHAR) AS country_code,
                TRY_CAST(estimated_sales_yearly AS DECIMAL(18,2)) AS estimated_sales_yearly,
                TRY_CAST(employee_count AS INTEGER) AS employee_count,
                TRY_CAST(product_count AS INTEGER) AS product_count,
                TRY_CAST(avg_price AS DECIMAL(18,2)) AS avg_price,
                TRY_CAST(klaviyo_installed_at AS TIMESTAMP) AS klaviyo_installed_at,
                TRY_CAST(timezone AS VARCHAR) AS timezone,
                CAST(NULL AS VARCHAR) AS industry,
                CAST(NULL AS TIMESTAMP) AS loaded_at
            FROM {reader}
            """;
    }

    /// <summary>Bulk-loads raw rows into the <c>eligible_leads</c> table with DuckDB's appender (demo, tests, benchmarks).</summary>
    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows, CancellationToken ct = default) => WriteAsync(conn =>
    {
        long count = 0;
        var loadedAt = _time.GetUtcNow().UtcDateTime;
        using var appender = conn.CreateAppender("eligible_leads");
        foreach (var r in rows)
        {
            if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            appender.CreateRow()
                .AppendValue(r.Email).AppendValue(r.MerchantName).AppendValue(r.PlatformDomain).AppendValue(r.Domain)
                .AppendValue(r.State).AppendValue(r.CountryCode).AppendValue(r.EstimatedSalesYearly)
                .AppendValue(r.EmployeeCount).AppendValue(r.ProductCount).AppendValue(r.AvgPrice)
                .AppendValue(r.KlaviyoInstalledAt?.UtcDateTime).AppendValue(r.Timezone).AppendValue(r.Industry)
                .AppendValue((DateTime?)loadedAt)
                .EndRow();
            count++;
        }
        return count;
    }, ct);

    // ---------------------------------------------------------------- sync

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var now = (query.Now ?? _time.GetUtcNow()).UtcDateTime;

        // The ordered ready set is ranked once inside DuckDB (native memory, spilling to disk if needed), then
        // read a page at a time by position: the snapshot is written in (score DESC, email) order, so its rowid
        // is the rank and each page is a rowid range that DuckDB answers without rescanning the set.
        // It also pins the set: leads written as active while we stream do not shift later pages.
        await using var conn = await Task.Run(Open, ct).ConfigureAwait(false);
        var filter = RoutingSql.ReadFilter(query, SqlScripts.DuckDb);
        var limit = query.Limit is not null ? "LIMIT $limit" : "";
        var snapshot = $"""
            CREATE TEMP TABLE ready_snapshot AS
            SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
            FROM v_lead_eligibility {BusinessHoursJoin}
            WHERE static_reason IS NULL
              AND (cooldown_until IS NULL OR cooldown_until <= $now)
              AND (retry_until IS NULL OR retry_until <= $now)
              AND {filter}
            ORDER BY score DESC, email
            {limit}
            """;
        await Task.Run(() =>
        {
            using var cmd = Command(conn, snapshot, ("now", now));
            if (query.Limit is { } lim) Add(cmd, "limit", (long)lim);
            cmd.ExecuteNonQuery();
        }, ct).ConfigureAwait(false);

        using var pageCmd = Command(conn,
            $"SELECT {ProspectColumns}, score FROM ready_snapshot WHERE rowid >= $from AND rowid < $to ORDER BY rowid",
            ("from", 0L), ("to", 0L));
        pageCmd.Prepare(); // planned once: re-planning every page costs more than reading it
        long from = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            pageCmd.Parameters[0].Value = from;
            pageCmd.Parameters[1].Value = from + query.PageSize;
            var page = new List<Prospect>(query.PageSize);
            using (var r = pageCmd.ExecuteReader())
            {
                while (r.Read()) page.Add(ReadProspect(r, 0));
            }
            foreach (var p in page) yield return p;
            if (page.Count < query.PageSize) yield break;
            from += page.Count;
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView) + " AS sequence_target", StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await Task.Run(Open, ct).ConfigureAwait(false);
        using var cmd = Command(conn, $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   CASE WHEN cooldown_until > $now THEN cooldown_until END AS cooldown
            FROM v_lead_eligibility {BusinessHoursJoin}
            ORDER BY score DESC, email NULLS LAST, raw_email NULLS LAST
            LIMIT $limit
            """, ("now", now), ("limit", (long)limit));
        cmd.UseStreamingMode = true;
        using var r = await Task.Run(cmd.ExecuteReader, ct).ConfigureAwait(false);
        while (r.Read())
        {
            ct.ThrowIfCancellationRequested();
            yield return new EligibilityRow(ReadProspect(r, 0), Str(r, 13), Time(r, 14));
        }
    }

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
                INSERT INTO ops_inst_state (email, campaign_id, campaign_name, instantly_lead_id, status, status_code,
                    created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
                    api_response_time_ms, retry_count, reason)
                SELECT email, campaign_id, campaign_name, instantly_lead_id, status, status_code, changed_at, changed_at, NULL,
                       status IN ('active', 'engaged'), 100, api_response_time_ms, retry_count, reason
                FROM {source}
                ON CONFLICT (email, campaign_id) DO UPDATE SET
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

    public Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        using var cmd = Command(conn, "SELECT campaign_id, COUNT(*) FROM ops_inst_state WHERE status = 'active' GROUP BY campaign_id");
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetString(0)] = Convert.ToInt32(r.GetValue(1));
        return (IReadOnlyDictionary<string, int>)result;
    }, ct);

    // ---------------------------------------------------------------- drain

    public Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<DrainCandidate>();
        using var cmd = Command(conn, """
            SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
            FROM ops_inst_state
            WHERE status IN ('active', 'engaged')
              AND instantly_lead_id IS NOT NULL
              AND (last_drain_check IS NULL OR last_drain_check <= $due)
            ORDER BY priority, last_drain_check NULLS FIRST, created_at, email, campaign_id
            LIMIT $limit
            """, ("due", (now - minInterval).UtcDateTime), ("limit", (long)Math.Max(0, limit)));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new DrainCandidate(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Convert.ToInt32(r.GetValue(5))));
        return (IReadOnlyList<DrainCandidate>)list;
    }, ct);

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drains);
        if (drains.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, """
                CREATE TEMP TABLE stage_drain (seq BIGINT, email VARCHAR, campaign_id VARCHAR, lead_id VARCHAR,
                    drain_reason VARCHAR, outcome VARCHAR, drained_at TIMESTAMP, days_in_campaign INTEGER,
                    emails_sent INTEGER, emails_opened INTEGER, links_clicked INTEGER, replies_received INTEGER,
                    suppression_reason VARCHAR, details VARCHAR, cooldown_until TIMESTAMP)
                """);
            using (var a = conn.CreateAppender("temp", "main", "stage_drain"))
            {
                long seq = 0;
                foreach (var d in drains)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(d.Email).AppendValue(d.CampaignId).AppendValue(d.InstantlyLeadId)
                        .AppendValue(d.DrainReason).AppendValue(d.Outcome).AppendValue((DateTime?)d.DrainedAt.UtcDateTime)
                        .AppendValue((int?)d.DaysInCampaign).AppendValue((int?)d.EmailsSent).AppendValue((int?)d.EmailsOpened)
                        .AppendValue((int?)d.LinksClicked).AppendValue((int?)d.RepliesReceived).AppendValue(d.SuppressionReason)
                        .AppendValue(d.DetailsJson).AppendValue(d.CooldownUntil?.UtcDateTime).EndRow();
                }
            }
            InTransaction(conn, () =>
            {
                // Re-recording the same drain (a retried batch) must not duplicate history.
                Execute(conn, """
                    INSERT INTO ops_lead_history (email, campaign_id, lead_id, event_type, event_timestamp, event_details,
                        outcome, outcome_reason, emails_sent, emails_opened, links_clicked, replies_received,
                        drain_reason, drain_timestamp, days_in_campaign, cooldown_until)
                    SELECT s.email, s.campaign_id, s.lead_id, 'drained', s.drained_at, s.details, s.outcome, s.drain_reason,
                           s.emails_sent, s.emails_opened, s.links_clicked, s.replies_received, s.drain_reason, s.drained_at,
                           s.days_in_campaign, s.cooldown_until
                    FROM stage_drain s
                    WHERE NOT EXISTS (
                        SELECT 1 FROM ops_lead_history h
                        WHERE h.email = s.email AND h.campaign_id = s.campaign_id
                          AND h.event_type = 'drained' AND h.drain_timestamp = s.drained_at)
                    QUALIFY ROW_NUMBER() OVER (PARTITION BY s.email, s.campaign_id, s.drained_at ORDER BY s.seq DESC) = 1
                    """);
                Execute(conn, """
                    INSERT INTO ops_inst_state (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
                        last_drain_check, needs_drain_check, retry_count, reason)
                    SELECT email, campaign_id, lead_id, 'completed', drained_at, drained_at, drained_at, FALSE, 0, drain_reason
                    FROM (SELECT * FROM stage_drain QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1)
                    ON CONFLICT (email, campaign_id) DO UPDATE SET
                        status = 'completed',
                        instantly_lead_id = COALESCE(EXCLUDED.instantly_lead_id, instantly_lead_id),
                        updated_at = EXCLUDED.updated_at,
                        last_drain_check = EXCLUDED.last_drain_check,
                        needs_drain_check = FALSE,
                        reason = EXCLUDED.reason
                    """);
                Execute(conn, """
                    INSERT INTO suppression (email, reason, since)
                    SELECT email, suppression_reason, drained_at
                    FROM (SELECT * FROM stage_drain WHERE suppression_reason IS NOT NULL
                          QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1)
                    ON CONFLICT (email) DO NOTHING
                    """);
            });
        }, ct);
    }

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, "CREATE TEMP TABLE stage_keys (email VARCHAR, campaign_id VARCHAR)");
            using (var a = conn.CreateAppender("temp", "main", "stage_keys"))
            {
                foreach (var k in leads) a.CreateRow().AppendValue(k.Email).AppendValue(k.CampaignId).EndRow();
            }
            InTransaction(conn, () =>
            {
                using var cmd = Command(conn, """
                    UPDATE ops_inst_state SET last_drain_check = $at, needs_drain_check = FALSE
                    FROM (SELECT DISTINCT email, campaign_id FROM stage_keys) k
                    WHERE ops_inst_state.email = k.email AND ops_inst_state.campaign_id = k.campaign_id
                    """, ("at", checkedAt.UtcDateTime));
                cmd.ExecuteNonQuery();
            });
        }, ct);
    }

    // ---------------------------------------------------------------- dead letters

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

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        QueryDeadLetters(
            $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE $all OR resolved_at IS NULL ORDER BY last_failure_at DESC, id LIMIT $limit",
            ct, ("all", includeResolved), ("limit", (long)Math.Max(0, limit)));

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

    // ---------------------------------------------------------------- config, runs, suppression, verification

    public Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<ConfigEntry>();
        using var cmd = Command(conn, "SELECT key, value_json, updated_at FROM config ORDER BY key");
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new ConfigEntry(r.GetString(0), r.GetString(1), Time(r, 2)!.Value));
        return (IReadOnlyList<ConfigEntry>)list;
    }, ct);

    public Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(valueJson);
        return WriteAsync(conn =>
        {
            using var cmd = Command(conn, """
                INSERT INTO config (key, value_json, updated_at) VALUES ($key, $value, $at)
                ON CONFLICT (key) DO UPDATE SET value_json = EXCLUDED.value_json, updated_at = EXCLUDED.updated_at
                """, ("key", key), ("value", valueJson), ("at", at.UtcDateTime));
            cmd.ExecuteNonQuery();
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

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<RunRecord>();
        using var cmd = Command(conn,
            "SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM ops_runs ORDER BY started_at DESC, run_id LIMIT $limit",
            ("limit", (long)Math.Max(0, limit)));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new RunRecord(r.GetString(0), r.GetString(1), Time(r, 2)!.Value, Time(r, 3)!.Value, r.GetBoolean(4), r.GetString(5)));
        return (IReadOnlyList<RunRecord>)list;
    }, ct);

    public Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, "CREATE TEMP TABLE stage_sup (seq BIGINT, email VARCHAR, reason VARCHAR, since TIMESTAMP)");
            using (var a = conn.CreateAppender("temp", "main", "stage_sup"))
            {
                long seq = 0;
                foreach (var s in entries)
                    a.CreateRow().AppendValue(seq++).AppendValue(s.Email).AppendValue(s.Reason).AppendValue((DateTime?)s.Since.UtcDateTime).EndRow();
            }
            // The first suppression of an address wins: "since" keeps the original date.
            InTransaction(conn, () => Execute(conn, """
                INSERT INTO suppression (email, reason, since)
                SELECT email, reason, since
                FROM (SELECT * FROM stage_sup QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY since, seq) = 1)
                ON CONFLICT (email) DO NOTHING
                """));
        }, ct);
    }

    public Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, "SELECT email, reason, since FROM suppression WHERE email = $email",
            ("email", Normalise(email)));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value) : null;
    }, ct);

    // ---------------------------------------------------------------- explain and reports

    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) =>
        ExplainAsync(email, _options.Routing ?? CampaignRouting.Default, ct);

    public Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var normalised = Normalise(email);
        var now = _time.GetUtcNow().UtcDateTime;
        return ReadAsync(conn =>
        {
            Prospect? eligible = null;
            string? reason = "not in eligible_leads";
            using (var cmd = Command(conn, $"""
                SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                       employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                       {RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView)} AS sequence_target,
                       base_score + {BusinessHoursBonus}, {ReasonAtNow}
                FROM v_lead_eligibility {BusinessHoursJoin} WHERE email = $email
                ORDER BY is_primary DESC LIMIT 1
                """, ("email", normalised), ("now", now)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                {
                    eligible = ReadProspect(r, 0);
                    reason = Str(r, 13);
                }
            }

            var states = new List<LeadStateRow>();
            using (var cmd = Command(conn, """
                SELECT email, campaign_id, campaign_name, status, instantly_lead_id, status_code, reason, updated_at,
                       retry_count, api_response_time_ms
                FROM ops_inst_state WHERE email = $email ORDER BY updated_at, campaign_id
                """, ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    states.Add(new LeadStateRow(r.GetString(0), r.GetString(1), Str(r, 2), LeadStateNames.FromSql(Str(r, 3)),
                        Str(r, 4), Int(r, 5), Str(r, 6), Time(r, 7)!.Value, Int(r, 8) ?? 0, Long(r, 9)));
                }
            }

            var history = new List<HistoryRow>();
            using (var cmd = Command(conn, """
                SELECT email, campaign_id, lead_id, COALESCE(event_type, ''),
                       COALESCE(event_timestamp, drain_timestamp, TIMESTAMP '1970-01-01'), outcome, outcome_reason,
                       drain_reason, days_in_campaign
                FROM ops_lead_history WHERE email = $email ORDER BY 5, campaign_id
                """, ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    history.Add(new HistoryRow(r.GetString(0), Str(r, 1), Str(r, 2), r.GetString(3), Time(r, 4)!.Value,
                        Str(r, 5), Str(r, 6), Str(r, 7), Int(r, 8)));
                }
            }

            IReadOnlyList<DeadLetter> dead;
            using (var cmd = Command(conn, $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE email = $email ORDER BY first_failure_at, id",
                ("email", normalised)))
            {
                dead = ReadDeadLetters(cmd);
            }

            Suppression? suppression = null;
            using (var cmd = Command(conn, "SELECT email, reason, since FROM suppression WHERE email = $email", ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read()) suppression = new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value);
            }

            var (erased, domain) = ReadErasureAndDomain(conn, normalised);
            return new LeadDossier(normalised, eligible, reason, states, history, dead, suppression, erased, domain);
        }, ct);
    }

    public Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<DailyPerformanceRow>();
        using var cmd = Command(conn, """
            SELECT date, sequence_target, leads_added, leads_completed, leads_replied, reply_rate, leads_bounced, bounce_rate
            FROM report_daily_performance
            WHERE date >= CAST($since AS DATE)
            ORDER BY date DESC, sequence_target
            """, ("since", (now - TimeSpan.FromDays(Math.Max(0, days))).UtcDateTime));
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new DailyPerformanceRow(DateOnly.FromDateTime(r.GetDateTime(0)), r.GetString(1),
                Convert.ToInt32(r.GetValue(2)), Convert.ToInt32(r.GetValue(3)), Convert.ToInt32(r.GetValue(4)), Dec(r, 5),
                Convert.ToInt32(r.GetValue(6)), Dec(r, 7)));
        }
        return (IReadOnlyList<DailyPerformanceRow>)list;
    }, ct);

    public Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<CampaignRoiRow>();
        using var cmd = Command(conn, """
            SELECT sequence_target, total_leads, replied_leads, avg_close_rate, expected_revenue, revenue_per_lead
            FROM report_campaign_roi ORDER BY sequence_target
            """);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new CampaignRoiRow(r.GetString(0), Convert.ToInt32(r.GetValue(1)), Convert.ToInt32(r.GetValue(2)),
                Dec(r, 3) ?? 0m, Dec(r, 4) ?? 0m, Dec(r, 5) ?? 0m));
        }
        return (IReadOnlyList<CampaignRoiRow>)list;
    }, ct);

    // ---------------------------------------------------------------- plumbing

    private DuckDBConnection Open() => _file.Open();

    private async Task WriteAsync(Action<DuckDBConnection> work, CancellationToken ct) =>
        await WriteAsync<bool>(conn => { work(conn); return true; }, ct).ConfigureAwait(false);

    private async Task<T> WriteAsync<T>(Func<DuckDBConnection, T> work, CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                using var conn = Open();
                _fence?.Verify(conn, _time.GetUtcNow());
                return work(conn);
            }, ct).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task<T> ReadAsync<T>(Func<DuckDBConnection, T> work, CancellationToken ct) =>
        Task.Run(() =>
        {
            using var conn = Open();
            return work(conn);
        }, ct);

    private static void InTransaction(DuckDBConnection conn, Action work)
    {
        using var tx = conn.BeginTransaction();
        work();
        tx.Commit();
    }

    private static void Execute(DuckDBConnection conn, string sql)
    {
        using var cmd = Command(conn, sql);
        cmd.ExecuteNonQuery();
    }

    private static DuckDBCommand Command(DuckDBConnection conn, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) Add(cmd, name, value);
        return cmd;
    }

    private static void Add(DuckDBCommand cmd, string name, object? value) =>
        cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));

    private static string Normalise(string email) => EmailIdentity.Key(email);

    // Column types are fixed by the view (DECIMAL(18,2), INTEGER, TIMESTAMP), so typed getters avoid boxing.
    private static Prospect ReadProspect(DbDataReader r, int o) => new(
        r.GetString(o),
        Str(r, o + 1), Str(r, o + 2), Str(r, o + 3), Str(r, o + 4),
        r.IsDBNull(o + 5) ? null : r.GetDecimal(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetInt32(o + 6),
        r.IsDBNull(o + 7) ? null : r.GetInt32(o + 7),
        r.IsDBNull(o + 8) ? null : r.GetDecimal(o + 8),
        Time(r, o + 9), Str(r, o + 10), Str(r, o + 11),
        r.IsDBNull(o + 12) ? 0 : r.GetInt32(o + 12));

    private static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
    private static int? Int(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt32(r.GetValue(i));
    private static long? Long(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToInt64(r.GetValue(i));
    private static decimal? Dec(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDecimal(r.GetValue(i));

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));
}
