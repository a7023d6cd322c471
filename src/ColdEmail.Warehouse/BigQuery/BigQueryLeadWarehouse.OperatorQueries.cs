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
            SqlText("operator_queries/list_dead_letters"),
            [BqParameter.Bool("all", includeResolved), BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(ReadDeadLetter).ToList();

    public async Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) =>
        (await _client.QueryAllAsync(SqlText("operator_queries/read_config"), [], ct).ConfigureAwait(false))
        .Select(r => new ConfigEntry(r.RequiredString("key"), r.RequiredString("value_json"), r.Timestamp("updated_at")!.Value)).ToList();

    public Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(valueJson);
        return _client.ExecuteAsync(SqlText("operator_queries/write_config"), [BqParameter.String("key", key), BqParameter.String("value", valueJson), BqParameter.Timestamp("at", at)], ct);
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        (await _client.QueryAllAsync(
            SqlText("operator_queries/list_runs"),
            [BqParameter.Int64("limit", Math.Max(0, limit))], ct).ConfigureAwait(false))
        .Select(r => new RunRecord(r.RequiredString("run_id"), r.RequiredString("kind"), r.Timestamp("started_at")!.Value,
            r.Timestamp("finished_at")!.Value, r.Bool("succeeded") ?? false, r.RequiredString("summary_json"))).ToList();

    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) =>
        ExplainAsync(email, _options.Routing ?? CampaignRouting.Default, _options.VerificationEnabled, ct);

    public async Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, bool verificationEnabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var e = Normalise(email);
        var byEmail = BqParameter.String("email", e);
        var eligible = await _client.QueryAllAsync(SqlText("operator_queries/explain", ("target", Target(routing)), ("verification", VerificationSql.Literal(verificationEnabled))), [byEmail, BqParameter.Timestamp("now", _time.GetUtcNow())], ct).ConfigureAwait(false);
        var states = await _client.QueryAllAsync(SqlText("operator_queries/explain_2"), [byEmail], ct).ConfigureAwait(false);
        var history = await _client.QueryAllAsync(SqlText("operator_queries/explain_3"), [byEmail], ct).ConfigureAwait(false);
        var dead = await _client.QueryAllAsync(
            SqlText("operator_queries/explain_4"), [byEmail], ct).ConfigureAwait(false);
        var suppression = await _client.QueryAllAsync(SqlText("operator_queries/explain_5"), [byEmail], ct).ConfigureAwait(false);
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
