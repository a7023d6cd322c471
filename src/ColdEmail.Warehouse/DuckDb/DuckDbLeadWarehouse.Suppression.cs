using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>The permanent suppression lists and erasure.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task AddSuppressionsAsync(IReadOnlyList<Suppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("suppression/add_suppressions"));
            using (var a = conn.CreateAppender("temp", "main", "stage_sup"))
            {
                long seq = 0;
                foreach (var s in entries)
                    a.CreateRow().AppendValue(seq++).AppendValue(s.Email).AppendValue(s.Reason).AppendValue((DateTime?)s.Since.UtcDateTime).EndRow();
            }
            // The first suppression of an address wins: "since" keeps the original date.
            InTransaction(conn, () => Execute(conn, SqlText("suppression/add_suppressions_2")));
        }, ct);
    }

    public Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, SqlText("suppression/find_suppression"),
            ("email", Normalise(email)));
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Suppression(r.GetString(0), r.GetString(1), Time(r, 2)!.Value) : null;
    }, ct);

    public Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("suppression/add_domain_suppressions"));
            using (var a = conn.CreateAppender("temp", "main", "stage_dom"))
            {
                long seq = 0;
                foreach (var d in entries)
                    a.CreateRow().AppendValue(seq++).AppendValue(SuppressionRules.Domain(d.Domain)).AppendValue(d.Reason)
                        .AppendValue((DateTime?)d.Since.UtcDateTime).EndRow();
            }
            // The first suppression of a domain wins: "since" keeps the original date.
            InTransaction(conn, () => Execute(conn, SqlText("suppression/add_domain_suppressions_2")));
        }, ct);
    }

    public Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default)
    {
        var key = SuppressionRules.ErasureKey(email);
        var hash = EmailIdentity.Sha256Hex(key);
        return WriteAsync(conn =>
        {
            var tables = new List<ErasedTable>();
            // Every table of ours with an email column holds personal data (other features add tables too).
            var withEmail = new List<(string Name, string Type)>();
            using (var cmd = Command(conn, SqlText("suppression/forget")))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read()) withEmail.Add((r.GetString(0), r.GetString(1)));
            }
            InTransaction(conn, () =>
            {
                using (var cmd = Command(conn, SqlText("suppression/forget_2"), ("hash", hash), ("at", at.UtcDateTime)))
                {
                    cmd.ExecuteNonQuery();
                }
                foreach (var (name, type) in withEmail)
                {
                    if (name == "eligible_leads")
                    {
                        if (type != "BASE TABLE")
                        {
                            tables.Add(new ErasedTable(name, null, "eligible_leads is a view over a file: remove the address from that file"));
                            continue;
                        }
                        // The source rows are matched as the view normalises them (padding, case), not byte for byte.
                        using var del = Command(conn,
                            SqlText("suppression/forget_3"),
                            ("email", key));
                        tables.Add(new ErasedTable(name, del.ExecuteNonQuery()));
                        continue;
                    }
                    if (type != "BASE TABLE") continue;
                    using var cmd = Command(conn, SqlText("suppression/forget_4", ("replace", name.Replace("\"", "\"\"", StringComparison.Ordinal))), ("email", key));
                    tables.Add(new ErasedTable(name, cmd.ExecuteNonQuery()));
                }
            });
            return new ErasureReport(hash, tables);
        }, ct);
    }
}
