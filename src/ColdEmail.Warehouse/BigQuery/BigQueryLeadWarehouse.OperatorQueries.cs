using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>What operators ask: the config table, the run list, dead letters and one lead's dossier (`explain`).</summary>
public sealed partial class BigQueryLeadWarehouse
{
    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            $"SELECT {DeadLetterColumns} FROM {T("ops_dead_letters")} WHERE @all OR resolved_at IS NULL ORDER BY last_failure_at DESC, id LIMIT @limit",
            [BqParameter.Bool("all", includeResolved), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(ReadDeadLetter).ToList();

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

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            $"SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM {T("ops_runs")} ORDER BY started_at DESC, run_id LIMIT @limit",
            [BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(r => new RunRecord(r.RequiredString("run_id"), r.RequiredString("kind"), r.Timestamp("started_at")!.Value,
            r.Timestamp("finished_at")!.Value, r.Bool("succeeded") ?? false, r.RequiredString("summary_json"))).ToList();

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
}
