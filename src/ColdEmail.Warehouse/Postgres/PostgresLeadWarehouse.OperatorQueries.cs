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
    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) => ExplainAsync(email, _routing, _verificationEnabled, ct);

    public async Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, bool verificationEnabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var normalised = Normalise(email);
        var now = _time.GetUtcNow().UtcDateTime;
        var eligible = await QueryAsync("explaining a lead", SqlText("operator_queries/explain", ("case", RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)), ("verification", VerificationSql.Literal(verificationEnabled))), r => (Prospect: Prospect(r, 0), Reason: Str(r, 13)), ct, ("email", normalised), ("now", now)).ConfigureAwait(false);

        var states = await QueryAsync("explaining a lead", SqlText("operator_queries/explain_2"), r => new LeadStateRow(r.GetString(0), r.GetString(1), Str(r, 2), LeadStateNames.FromSql(Str(r, 3)),
                Str(r, 4), Int(r, 5), Str(r, 6), Time(r, 7)!.Value, Int(r, 8) ?? 0, Long(r, 9)), ct, ("email", normalised)).ConfigureAwait(false);

        var history = await QueryAsync("explaining a lead", SqlText("operator_queries/explain_3"), r => new HistoryRow(r.GetString(0), Str(r, 1), Str(r, 2), r.GetString(3), Time(r, 4)!.Value,
                Str(r, 5), Str(r, 6), Str(r, 7), Int(r, 8)), ct, ("email", normalised)).ConfigureAwait(false);

        var dead = await QueryAsync("explaining a lead",
            SqlText("operator_queries/explain_4"),
            ReadDeadLetter, ct, ("email", normalised)).ConfigureAwait(false);

        var suppression = await FindSuppressionAsync(normalised, ct).ConfigureAwait(false);

        var (erased, domain) = await ReadErasureAndDomainAsync(normalised, ct).ConfigureAwait(false);
        return eligible.Count == 0
            ? new LeadDossier(normalised, null, "not in eligible_leads", states, history, dead, suppression, erased, domain)
            : new LeadDossier(normalised, eligible[0].Prospect, eligible[0].Reason, states, history, dead, suppression, erased, domain);
    }

    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        QueryAsync("listing dead letters",
            SqlText("operator_queries/list_dead_letters"),
            ReadDeadLetter, ct, ("all", includeResolved), ("limit", (long)Math.Max(0, limit)));

    public Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) =>
        QueryAsync("reading config", SqlText("operator_queries/read_config"),
            r => new ConfigEntry(r.GetString(0), r.GetString(1), Time(r, 2)!.Value), ct);

    public Task WriteConfigAsync(string key, string valueJson, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(valueJson);
        return ExecBatchAsync($"writing config key {key}", SqlText("operator_queries/write_config"), ct, ("key", key), ("value", valueJson), ("at", at.UtcDateTime));
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) =>
        QueryAsync("listing runs",
            SqlText("operator_queries/list_runs"),
            r => new RunRecord(r.GetString(0), r.GetString(1), Time(r, 2)!.Value, Time(r, 3)!.Value, r.GetBoolean(4), r.GetString(5)),
            ct, ("limit", (long)Math.Max(0, limit)));
}
