using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>
/// The production warehouse on BigQuery over REST v2. Every value travels as a named query parameter;
/// only the (validated) project and dataset names are written into SQL. State tables are written with one
/// <c>MERGE … USING UNNEST(@rows)</c> per batch (never streaming inserts: streamed rows cannot be updated by
/// DML for a while). Ready leads come from one query job whose result BigQuery pages for us.
/// </summary>
public sealed partial class BigQueryLeadWarehouse : ILeadWarehouse
{
    private const string BusinessHoursBonus =
        "IF(EXTRACT(DAYOFWEEK FROM SAFE.DATETIME(@now, timezone)) BETWEEN 2 AND 6 " +
        "AND EXTRACT(HOUR FROM SAFE.DATETIME(@now, timezone)) BETWEEN 9 AND 16, 10, 0)";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "IF(cooldown_until > @now, CONCAT('cooldown until ', FORMAT_TIMESTAMP('%F', cooldown_until)), NULL), " +
        "IF(retry_until > @now, CONCAT('retry scheduled at ', FORMAT_TIMESTAMP('%F %T', retry_until), ' UTC'), NULL))";

    private const string ProspectColumns =
        "email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly, employee_count, " +
        "product_count, avg_price, klaviyo_installed_at, timezone, sequence_target";

    private static readonly BqField[] StateFields =
    [
        new("seq", BqType.Int64), new("email", BqType.String), new("campaign_id", BqType.String), new("campaign_name", BqType.String),
        new("instantly_lead_id", BqType.String), new("status", BqType.String), new("status_code", BqType.Int64),
        new("changed_at", BqType.Timestamp), new("retry_count", BqType.Int64), new("api_response_time_ms", BqType.Int64),
        new("reason", BqType.String),
    ];

    private static readonly BqField[] DrainFields =
    [
        new("seq", BqType.Int64), new("email", BqType.String), new("campaign_id", BqType.String), new("lead_id", BqType.String),
        new("drain_reason", BqType.String), new("outcome", BqType.String), new("drained_at", BqType.Timestamp),
        new("days_in_campaign", BqType.Int64), new("emails_sent", BqType.Int64), new("emails_opened", BqType.Int64),
        new("links_clicked", BqType.Int64), new("replies_received", BqType.Int64), new("suppression_reason", BqType.String),
        new("details", BqType.String), new("cooldown_until", BqType.Timestamp),
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

    private static readonly BqField[] SuppressionFields =
        [new("seq", BqType.Int64), new("email", BqType.String), new("reason", BqType.String), new("since", BqType.Timestamp)];

    private const string DeadLetterColumns =
        "id, operation, email, campaign_id, error_kind, http_status, message, payload, retry_count, next_retry_at, " +
        "first_failure_at, last_failure_at, permanent, resolved_at, resolution";

    private readonly BigQueryWarehouseOptions _options;
    private readonly BigQueryRestClient _client;
    private readonly TimeProvider _time;

    public BigQueryLeadWarehouse(HttpClient http, BigQueryWarehouseOptions options, IBigQueryTokenSource? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        // Project and dataset are the only text written into SQL, so they must be plain identifiers.
        if (!ProjectPattern().IsMatch(options.ProjectId))
            throw new ArgumentException($"'{options.ProjectId}' is not a valid BigQuery project id", nameof(options));
        if (!DatasetPattern().IsMatch(options.DatasetId))
            throw new ArgumentException($"'{options.DatasetId}' is not a valid BigQuery dataset id", nameof(options));
        if (options.DmlBatchSize <= 0) throw new ArgumentException("DmlBatchSize must be positive", nameof(options));
        _options = options;
        _time = options.TimeProvider ?? TimeProvider.System;
        _client = new BigQueryRestClient(http, options, tokens ?? new GoogleTokenSource(options.CredentialsFile));
    }

    private string T(string table) => $"`{_options.QualifiedDataset}.{table}`";

    // ---------------------------------------------------------------- schema

    public async Task EnsureSchemaAsync(CancellationToken ct = default)
    {
        foreach (var script in SqlScripts.For(SqlScripts.BigQuery))
        {
            var sql = RoutingSql.Apply(script.Text, _options.Routing ?? CampaignRouting.Default, SqlScripts.BigQuery)
                .Replace("${dataset}", _options.QualifiedDataset, StringComparison.Ordinal);
            try
            {
                await _client.ExecuteAsync(sql, [], ct).ConfigureAwait(false);
            }
            catch (WarehouseException ex)
            {
                throw new WarehouseException($"Creating {script.ObjectName} (sql/bigquery/{script.FileName}) failed: {ex.Message}", ex, ex.JobId);
            }
        }
    }

    // ---------------------------------------------------------------- sync

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var ps = new List<BqParameter> { BqParameter.Timestamp("now", query.Now ?? _time.GetUtcNow()) };
        var filter = RoutingSql.ReadFilter(query, SqlScripts.BigQuery);
        var limit = "";
        if (query.Limit is { } l) { limit = "LIMIT @limit"; ps.Add(BqParameter.Int64("limit", l)); }

        // One job ranks the set; BigQuery keeps the result and hands it out a page at a time.
        var sql = $"""
            SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
            FROM {T("v_lead_eligibility")}
            WHERE static_reason IS NULL
              AND (cooldown_until IS NULL OR cooldown_until <= @now)
              AND (retry_until IS NULL OR retry_until <= @now)
              AND {filter}
            ORDER BY score DESC, email
            {limit}
            """;
        await foreach (var page in _client.QueryAsync(sql, ps, query.PageSize, ct).ConfigureAwait(false))
            foreach (var row in page.Rows) yield return ReadProspect(row, "email");
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", Target(routing), StringComparison.Ordinal);

    private static string Target(CampaignRouting routing) =>
        RoutingSql.Case(routing, SqlScripts.BigQuery, RoutingSql.Columns.OnView) + " AS sequence_target";

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var sql = $"""
            SELECT COALESCE(raw_email, '') AS raw_email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone, {Target(routing)},
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   IF(cooldown_until > @now, cooldown_until, NULL) AS cooldown
            FROM {T("v_lead_eligibility")}
            ORDER BY score DESC, email, raw_email
            LIMIT @limit
            """;
        await foreach (var page in _client.QueryAsync(sql, [BqParameter.Timestamp("now", _time.GetUtcNow()), BqParameter.Int64("limit", limit)], 5_000, ct).ConfigureAwait(false))
            foreach (var row in page.Rows)
                yield return new EligibilityRow(ReadProspect(row, "raw_email"), row.String("reason"), row.Timestamp("cooldown"));
    }

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

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(
            $"SELECT campaign_id, COUNT(*) AS n FROM {T("ops_inst_state")} WHERE status = 'active' GROUP BY campaign_id", [], ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequiredString("campaign_id"), r => r.Int32("n") ?? 0, StringComparer.Ordinal);
    }

    // ---------------------------------------------------------------- drain

    public async Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync($"""
            SELECT email, campaign_id, instantly_lead_id, created_at, last_drain_check, COALESCE(drain_check_priority, 100) AS priority
            FROM {T("ops_inst_state")}
            WHERE status IN ('active', 'engaged')
              AND instantly_lead_id IS NOT NULL
              AND (last_drain_check IS NULL OR last_drain_check <= @due)
            ORDER BY priority, last_drain_check NULLS FIRST, created_at, email, campaign_id
            LIMIT @limit
            """, [BqParameter.Timestamp("due", now - minInterval), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false);
        return rows.Select(r => new DrainCandidate(r.RequiredString("email"), r.RequiredString("campaign_id"), r.RequiredString("instantly_lead_id"),
            r.Timestamp("created_at")!.Value, r.Timestamp("last_drain_check"), r.Int32("priority") ?? 100)).ToList();
    }

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default) =>
        MergeInBatchesAsync(drains, DrainFields, (d, seq) =>
            [seq, d.Email, d.CampaignId, d.InstantlyLeadId, d.DrainReason, d.Outcome, d.DrainedAt, (long)d.DaysInCampaign,
             (long)d.EmailsSent, (long)d.EmailsOpened, (long)d.LinksClicked, (long)d.RepliesReceived, d.SuppressionReason, d.DetailsJson, d.CooldownUntil],
            $"""
            BEGIN TRANSACTION;
            MERGE {T("ops_lead_history")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id, drained_at ORDER BY seq DESC) = 1) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id AND T.event_type = 'drained'
               AND T.event_timestamp = S.drained_at AND T.drain_timestamp = S.drained_at
            WHEN NOT MATCHED THEN INSERT (email, campaign_id, lead_id, event_type, event_timestamp, event_details, outcome,
                outcome_reason, emails_sent, emails_opened, links_clicked, replies_received, drain_reason, drain_timestamp,
                days_in_campaign, cooldown_until)
            VALUES (S.email, S.campaign_id, S.lead_id, 'drained', S.drained_at, SAFE.PARSE_JSON(S.details), S.outcome,
                S.drain_reason, S.emails_sent, S.emails_opened, S.links_clicked, S.replies_received, S.drain_reason,
                S.drained_at, S.days_in_campaign, S.cooldown_until);
            MERGE {T("ops_inst_state")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email, campaign_id ORDER BY seq DESC) = 1) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET
                status = 'completed',
                instantly_lead_id = COALESCE(S.lead_id, T.instantly_lead_id),
                updated_at = S.drained_at,
                last_drain_check = S.drained_at,
                needs_drain_check = FALSE,
                reason = S.drain_reason
            WHEN NOT MATCHED THEN INSERT (email, campaign_id, instantly_lead_id, status, created_at, updated_at,
                last_drain_check, needs_drain_check, retry_count, reason)
            VALUES (S.email, S.campaign_id, S.lead_id, 'completed', S.drained_at, S.drained_at, S.drained_at, FALSE, 0, S.drain_reason);
            MERGE {T("suppression")} T
            USING (SELECT email, suppression_reason, drained_at FROM UNNEST(@rows) WHERE suppression_reason IS NOT NULL
                   QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY drained_at, seq) = 1) S
            ON T.email = S.email
            WHEN NOT MATCHED THEN INSERT (email, reason, since) VALUES (S.email, S.suppression_reason, S.drained_at);
            COMMIT TRANSACTION;
            """, ct);

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default) =>
        MergeInBatchesAsync(leads, KeyFields, (k, _) => [k.Email, k.CampaignId],
            $"""
            MERGE {T("ops_inst_state")} T
            USING (SELECT DISTINCT email, campaign_id FROM UNNEST(@rows)) S
            ON T.email = S.email AND T.campaign_id = S.campaign_id
            WHEN MATCHED THEN UPDATE SET last_drain_check = @at, needs_drain_check = FALSE
            """, ct, BqParameter.Timestamp("at", checkedAt));

    // ---------------------------------------------------------------- dead letters

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

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            $"SELECT {DeadLetterColumns} FROM {T("ops_dead_letters")} WHERE @all OR resolved_at IS NULL ORDER BY last_failure_at DESC, id LIMIT @limit",
            [BqParameter.Bool("all", includeResolved), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(ReadDeadLetter).ToList();

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

    // ---------------------------------------------------------------- config, runs, suppression, verification

    public async Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) =>
        (await _client.QueryAllAsync($"SELECT key, value_json, updated_at FROM {T("config")} ORDER BY key", [], ct).ConfigureAwait(false))
        .Select(r => new ConfigEntry(r.RequiredString("key"), r.RequiredString("value_json"), r.Timestamp("updated_at")!.Value)).ToList();

    public Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(valueJson);
        return _client.ExecuteAsync($"""
            MERGE {T("config")} T
            USING (SELECT @key AS key, @value AS value_json, @at AS updated_at) S
            ON T.key = S.key
            WHEN MATCHED THEN UPDATE SET value_json = S.value_json, updated_at = S.updated_at
            WHEN NOT MATCHED THEN INSERT (key, value_json, updated_at) VALUES (S.key, S.value_json, S.updated_at)
            """, [BqParameter.String("key", key), BqParameter.String("value", valueJson), BqParameter.Timestamp("at", at)], ct);
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

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            $"SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM {T("ops_runs")} ORDER BY started_at DESC, run_id LIMIT @limit",
            [BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(r => new RunRecord(r.RequiredString("run_id"), r.RequiredString("kind"), r.Timestamp("started_at")!.Value,
            r.Timestamp("finished_at")!.Value, r.Bool("succeeded") ?? false, r.RequiredString("summary_json"))).ToList();

    public Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default) =>
        MergeInBatchesAsync(entries, SuppressionFields, (s, seq) => [seq, s.Email, s.Reason, s.Since],
            $"""
            MERGE {T("suppression")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY email ORDER BY since, seq) = 1) S
            ON T.email = S.email
            WHEN NOT MATCHED THEN INSERT (email, reason, since) VALUES (S.email, S.reason, S.since)
            """, ct);

    public async Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync($"SELECT email, reason, since FROM {T("suppression")} WHERE email = @email",
            [BqParameter.String("email", Normalise(email))], ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : ReadSuppression(rows[0]);
    }

    // ---------------------------------------------------------------- explain and reports

    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) =>
        ExplainAsync(email, _options.Routing ?? CampaignRouting.Default, ct);

    public async Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var e = Normalise(email);
        var byEmail = BqParameter.String("email", e);
        var eligible = await _client.QueryAllAsync($"""
            SELECT COALESCE(raw_email, '') AS raw_email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone, {Target(routing)},
                   base_score + {BusinessHoursBonus} AS score, {ReasonAtNow} AS reason
            FROM {T("v_lead_eligibility")} WHERE email = @email
            ORDER BY is_primary DESC LIMIT 1
            """, [byEmail, BqParameter.Timestamp("now", _time.GetUtcNow())], ct).ConfigureAwait(false);
        var states = await _client.QueryAllAsync($"""
            SELECT email, campaign_id, campaign_name, status, instantly_lead_id, status_code, reason, updated_at, retry_count, api_response_time_ms
            FROM {T("ops_inst_state")} WHERE email = @email ORDER BY updated_at, campaign_id
            """, [byEmail], ct).ConfigureAwait(false);
        var history = await _client.QueryAllAsync($"""
            SELECT email, campaign_id, lead_id, COALESCE(event_type, '') AS event_type,
                   COALESCE(event_timestamp, drain_timestamp, TIMESTAMP '1970-01-01') AS event_timestamp,
                   outcome, outcome_reason, drain_reason, days_in_campaign
            FROM {T("ops_lead_history")} WHERE email = @email ORDER BY event_timestamp, campaign_id
            """, [byEmail], ct).ConfigureAwait(false);
        var dead = await _client.QueryAllAsync(
            $"SELECT {DeadLetterColumns} FROM {T("ops_dead_letters")} WHERE email = @email ORDER BY first_failure_at, id", [byEmail], ct).ConfigureAwait(false);
        var suppression = await _client.QueryAllAsync($"SELECT email, reason, since FROM {T("suppression")} WHERE email = @email", [byEmail], ct).ConfigureAwait(false);
        var (erased, domain) = await ReadErasureAndDomainAsync(e, ct).ConfigureAwait(false);

        return new LeadDossier(
            e,
            eligible.Count == 0 ? null : ReadProspect(eligible[0], "raw_email"),
            eligible.Count == 0 ? "not in eligible_leads" : eligible[0].String("reason"),
            states.Select(r => new LeadStateRow(r.RequiredString("email"), r.RequiredString("campaign_id"), r.String("campaign_name"),
                LeadStateNames.FromSql(r.String("status")), r.String("instantly_lead_id"), r.Int32("status_code"), r.String("reason"),
                r.Timestamp("updated_at")!.Value, r.Int32("retry_count") ?? 0, r.Int64("api_response_time_ms"))).ToList(),
            history.Select(r => new HistoryRow(r.RequiredString("email"), r.String("campaign_id"), r.String("lead_id"), r.RequiredString("event_type"),
                r.Timestamp("event_timestamp")!.Value, r.String("outcome"), r.String("outcome_reason"), r.String("drain_reason"),
                r.Int32("days_in_campaign"))).ToList(),
            dead.Select(ReadDeadLetter).ToList(),
            suppression.Count == 0 ? null : ReadSuppression(suppression[0]),
            erased,
            domain);
    }

    public async Task<IReadOnlyList<DailyPerformanceRow>> DailyPerformanceAsync(DateTimeOffset now, int days, CancellationToken ct = default) =>
        (await _client.QueryAllAsync($"""
            SELECT date, sequence_target, leads_added, leads_completed, leads_replied, reply_rate, leads_bounced, bounce_rate
            FROM {T("report_daily_performance")}
            WHERE date >= DATE(@since)
            ORDER BY date DESC, sequence_target
            """, [BqParameter.Timestamp("since", now - TimeSpan.FromDays(Math.Max(0, days)))], ct).ConfigureAwait(false))
        .Select(r => new DailyPerformanceRow(r.Date("date")!.Value, r.RequiredString("sequence_target"), r.Int32("leads_added") ?? 0,
            r.Int32("leads_completed") ?? 0, r.Int32("leads_replied") ?? 0, r.Decimal("reply_rate"), r.Int32("leads_bounced") ?? 0,
            r.Decimal("bounce_rate"))).ToList();

    public async Task<IReadOnlyList<CampaignRoiRow>> CampaignRoiAsync(CancellationToken ct = default) =>
        (await _client.QueryAllAsync($"""
            SELECT sequence_target, total_leads, replied_leads, avg_close_rate, expected_revenue, revenue_per_lead
            FROM {T("report_campaign_roi")} ORDER BY sequence_target
            """, [], ct).ConfigureAwait(false))
        .Select(r => new CampaignRoiRow(r.RequiredString("sequence_target"), r.Int32("total_leads") ?? 0, r.Int32("replied_leads") ?? 0,
            r.Decimal("avg_close_rate") ?? 0m, r.Decimal("expected_revenue") ?? 0m, r.Decimal("revenue_per_lead") ?? 0m)).ToList();

    // ---------------------------------------------------------------- plumbing

    /// <summary>One DML statement per chunk of <see cref="BigQueryWarehouseOptions.DmlBatchSize"/> rows (the request size is capped).</summary>
    private async Task MergeInBatchesAsync<T>(IReadOnlyList<T> items, BqField[] fields, Func<T, long, object?[]> toRow, string sql,
        CancellationToken ct, params BqParameter[] extra)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var start = 0; start < items.Count; start += _options.DmlBatchSize)
        {
            var count = Math.Min(_options.DmlBatchSize, items.Count - start);
            var rows = new List<object?[]>(count);
            for (var i = 0; i < count; i++) rows.Add(toRow(items[start + i], start + i));
            await _client.ExecuteAsync(sql, [BqParameter.Rows("rows", fields, rows), .. extra], ct).ConfigureAwait(false);
        }
    }

    private static string Normalise(string email) => EmailIdentity.Key(email);

    private static Prospect ReadProspect(BqRow r, string emailColumn) => new(
        r.String(emailColumn) ?? "",
        r.String("merchant_name"), r.String("platform_domain"), r.String("state"), r.String("country_code"),
        r.Decimal("estimated_sales_yearly"), r.Int32("employee_count"), r.Int32("product_count"), r.Decimal("avg_price"),
        r.Timestamp("klaviyo_installed_at"), r.String("timezone"), r.String("sequence_target"), r.Int32("score") ?? 0);

    private static DeadLetter ReadDeadLetter(BqRow r) => new(
        r.RequiredString("id"), r.RequiredString("operation"), r.RequiredString("email"), r.String("campaign_id"),
        r.RequiredString("error_kind"), r.Int32("http_status"), r.RequiredString("message"), r.String("payload"),
        r.Int32("retry_count") ?? 0, r.Timestamp("next_retry_at"), r.Timestamp("first_failure_at")!.Value,
        r.Timestamp("last_failure_at")!.Value, r.Bool("permanent") ?? false, r.Timestamp("resolved_at"), r.String("resolution"));

    private static Suppression ReadSuppression(BqRow r) =>
        new(r.RequiredString("email"), r.RequiredString("reason"), r.Timestamp("since")!.Value);

    [GeneratedRegex(@"^[a-z][a-z0-9\-:.]{2,62}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,1024}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetPattern();
}
