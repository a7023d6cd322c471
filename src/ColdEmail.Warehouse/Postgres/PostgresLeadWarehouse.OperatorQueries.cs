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

/// <summary>What operators ask: the config table, the run list, dead letters and one lead's dossier (`explain`).</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) => ExplainAsync(email, _routing, ct);

    public async Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var normalised = Normalise(email);
        var now = _time.GetUtcNow().UtcDateTime;
        var eligible = await QueryAsync("explaining a lead", $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus}, {ReasonAtNow}
            FROM v_lead_eligibility WHERE email = @email
            ORDER BY is_primary DESC LIMIT 1
            """, r => (Prospect: Prospect(r, 0), Reason: Str(r, 13)), ct, ("email", normalised), ("now", now)).ConfigureAwait(false);

        var states = await QueryAsync("explaining a lead", """
            SELECT email, campaign_id, campaign_name, status, instantly_lead_id, status_code, reason, updated_at,
                   retry_count, api_response_time_ms
            FROM ops_inst_state WHERE email = @email ORDER BY updated_at, campaign_id COLLATE "C"
            """, r => new LeadStateRow(r.GetString(0), r.GetString(1), Str(r, 2), LeadStateNames.FromSql(Str(r, 3)),
                Str(r, 4), Int(r, 5), Str(r, 6), Time(r, 7)!.Value, Int(r, 8) ?? 0, Long(r, 9)), ct, ("email", normalised)).ConfigureAwait(false);

        var history = await QueryAsync("explaining a lead", """
            SELECT email, campaign_id, lead_id, COALESCE(event_type, ''),
                   COALESCE(event_timestamp, drain_timestamp, TIMESTAMPTZ '1970-01-01 00:00:00+00'), outcome, outcome_reason,
                   drain_reason, days_in_campaign
            FROM ops_lead_history WHERE email = @email ORDER BY 5, campaign_id COLLATE "C"
            """, r => new HistoryRow(r.GetString(0), Str(r, 1), Str(r, 2), r.GetString(3), Time(r, 4)!.Value,
                Str(r, 5), Str(r, 6), Str(r, 7), Int(r, 8)), ct, ("email", normalised)).ConfigureAwait(false);

        var dead = await QueryAsync("explaining a lead",
            $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE email = @email ORDER BY first_failure_at, id COLLATE \"C\"",
            ReadDeadLetter, ct, ("email", normalised)).ConfigureAwait(false);

        var suppression = await FindSuppressionAsync(normalised, ct).ConfigureAwait(false);

        var (erased, domain) = await ReadErasureAndDomainAsync(normalised, ct).ConfigureAwait(false);
        return eligible.Count == 0
            ? new LeadDossier(normalised, null, "not in eligible_leads", states, history, dead, suppression, erased, domain)
            : new LeadDossier(normalised, eligible[0].Prospect, eligible[0].Reason, states, history, dead, suppression, erased, domain);
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        QueryAsync("listing dead letters",
            $"SELECT {DeadLetterColumns} FROM ops_dead_letters WHERE @all OR resolved_at IS NULL ORDER BY last_failure_at DESC, id COLLATE \"C\" LIMIT @limit",
            ReadDeadLetter, ct, ("all", includeResolved), ("limit", (long)Math.Max(0, limit)));

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

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        QueryAsync("listing runs",
            "SELECT run_id, kind, started_at, finished_at, succeeded, summary_json FROM ops_runs ORDER BY started_at DESC, run_id COLLATE \"C\" LIMIT @limit",
            r => new RunRecord(r.GetString(0), r.GetString(1), Time(r, 2)!.Value, Time(r, 3)!.Value, r.GetBoolean(4), r.GetString(5)),
            ct, ("limit", (long)Math.Max(0, limit)));
}
