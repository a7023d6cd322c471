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

/// <summary>The permanent suppression lists and erasure.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        // The first suppression of a domain wins: "since" keeps the original date.
        return ExecBatchAsync("adding domain suppressions", SqlText("suppression/add_domain_suppressions"), ct, ("domain", entries.Select(d => SuppressionRules.Domain(d.Domain)).ToArray()),
            ("reason", entries.Select(d => d.Reason).ToArray()), ("since", entries.Select(d => d.Since.UtcDateTime).ToArray()));
    }

    public Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default)
    {
        var key = SuppressionRules.ErasureKey(email);
        var hash = EmailIdentity.Sha256Hex(key);
        return InTransactionAsync("erasing an address", async (conn, tx) =>
        {
            await ExecAsync(conn, tx, SqlText("suppression/forget"), ct, ("hash", hash), ("at", at.UtcDateTime)).ConfigureAwait(false);
            // Every table of ours with an email column holds personal data (other features add tables too).
            var withEmail = new List<(string Name, string Type)>();
            await using (var cmd = Command(conn, tx, SqlText("suppression/forget_2")))
            await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await r.ReadAsync(ct).ConfigureAwait(false)) withEmail.Add((r.GetString(0), r.GetString(1)));
            }
            var tables = new List<ErasedTable>();
            foreach (var (name, type) in withEmail)
            {
                if (type != "BASE TABLE")
                {
                    if (name == "eligible_leads")
                        tables.Add(new ErasedTable(name, null, "eligible_leads is a view: remove the address from its source"));
                    continue;
                }
                // Source rows are matched as the view normalises them (padding, case), not byte for byte.
                var sql = name == "eligible_leads"
                    ? SqlText("suppression/forget_3")
                    : SqlText("suppression/forget_4", ("replace", name.Replace("\"", "\"\"", StringComparison.Ordinal)));
                await using var del = Command(conn, tx, sql, ("email", key));
                tables.Add(new ErasedTable(name, await del.ExecuteNonQueryAsync(ct).ConfigureAwait(false)));
            }
            return new ErasureReport(hash, tables);
        }, ct);
    }

    public Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        // The first suppression of an address wins: "since" keeps the original date.
        return ExecBatchAsync("adding suppressions", SqlText("suppression/add_suppressions"), ct, ("email", entries.Select(s => s.Email).ToArray()), ("reason", entries.Select(s => s.Reason).ToArray()),
            ("since", entries.Select(s => s.Since.UtcDateTime).ToArray()));
    }

    public async Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default)
    {
        var rows = await QueryAsync("looking up a suppression", SqlText("suppression/find_suppression"),
            r => new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value), ct, ("email", Normalise(email))).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }
}
