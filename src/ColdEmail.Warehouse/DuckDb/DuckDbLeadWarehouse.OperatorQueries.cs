using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>What operators ask: the config table, the run list, dead letters and one lead's dossier (`explain`).</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(bool includeResolved, int limit, CancellationToken ct = default) =>
        QueryDeadLetters(
            SqlText("operator_queries/list_dead_letters"),
            ct, ("all", includeResolved), ("limit", (long)Math.Max(0, limit)));

    public Task<IReadOnlyList<ConfigEntry>> ReadConfigAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<ConfigEntry>();
        using var cmd = Command(conn, SqlText("operator_queries/read_config"));
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
            using var cmd = Command(conn, SqlText("operator_queries/write_config"), ("key", key), ("value", valueJson), ("at", at.UtcDateTime));
            cmd.ExecuteNonQuery();
        }, ct);
    }

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(int limit, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<RunRecord>();
        using var cmd = Command(conn,
            SqlText("operator_queries/list_runs"),
            ("limit", (long)Math.Max(0, limit)));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new RunRecord(r.GetString(0), r.GetString(1), Time(r, 2)!.Value, Time(r, 3)!.Value, r.GetBoolean(4), r.GetString(5)));
        return (IReadOnlyList<RunRecord>)list;
    }, ct);

    public Task<LeadDossier> ExplainAsync(string email, CancellationToken ct = default) =>
        ExplainAsync(email, _options.Routing ?? CampaignRouting.Default, _options.VerificationEnabled, ct);

    public Task<LeadDossier> ExplainAsync(string email, CampaignRouting routing, bool verificationEnabled, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var normalised = Normalise(email);
        var now = _time.GetUtcNow().UtcDateTime;
        return ReadAsync(conn =>
        {
            Prospect? eligible = null;
            string? reason = "not in eligible_leads";
            using (var cmd = Command(conn, SqlText("operator_queries/explain", ("case", RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView)), ("verification", VerificationSql.Literal(verificationEnabled))), ("email", normalised), ("now", now)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read())
                {
                    eligible = ReadProspect(r, 0);
                    reason = Str(r, 13);
                }
            }

            var states = new List<LeadStateRow>();
            using (var cmd = Command(conn, SqlText("operator_queries/explain_2"), ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    states.Add(new LeadStateRow(r.GetString(0), r.GetString(1), Str(r, 2), LeadStateNames.FromSql(Str(r, 3)),
                        Str(r, 4), Int(r, 5), Str(r, 6), Time(r, 7)!.Value, Int(r, 8) ?? 0, Long(r, 9)));
                }
            }

            var history = new List<HistoryRow>();
            using (var cmd = Command(conn, SqlText("operator_queries/explain_3"), ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    history.Add(new HistoryRow(r.GetString(0), Str(r, 1), Str(r, 2), r.GetString(3), Time(r, 4)!.Value,
                        Str(r, 5), Str(r, 6), Str(r, 7), Int(r, 8)));
                }
            }

            IReadOnlyList<DeadLetter> dead;
            using (var cmd = Command(conn, SqlText("operator_queries/explain_4"),
                ("email", normalised)))
            {
                dead = ReadDeadLetters(cmd);
            }

            Suppression? suppression = null;
            using (var cmd = Command(conn, SqlText("operator_queries/explain_5"), ("email", normalised)))
            using (var r = cmd.ExecuteReader())
            {
                if (r.Read()) suppression = new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value);
            }

            var (erased, domain) = ReadErasureAndDomain(conn, normalised);
            return new LeadDossier(normalised, eligible, reason, states, history, dead, suppression, erased, domain);
        }, ct);
    }
}
