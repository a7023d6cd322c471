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

    public Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, "CREATE TEMP TABLE stage_dom (seq BIGINT, domain VARCHAR, reason VARCHAR, since TIMESTAMP)");
            using (var a = conn.CreateAppender("temp", "main", "stage_dom"))
            {
                long seq = 0;
                foreach (var d in entries)
                    a.CreateRow().AppendValue(seq++).AppendValue(SuppressionRules.Domain(d.Domain)).AppendValue(d.Reason)
                        .AppendValue((DateTime?)d.Since.UtcDateTime).EndRow();
            }
            // The first suppression of a domain wins: "since" keeps the original date.
            InTransaction(conn, () => Execute(conn, """
                INSERT INTO suppression_domain (domain, reason, since)
                SELECT domain, reason, since
                FROM (SELECT * FROM stage_dom QUALIFY ROW_NUMBER() OVER (PARTITION BY domain ORDER BY since, seq) = 1)
                ON CONFLICT (domain) DO NOTHING
                """));
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
            using (var cmd = Command(conn, """
                SELECT t.table_name, t.table_type FROM information_schema.tables t
                JOIN information_schema.columns c
                  ON c.table_catalog = t.table_catalog AND c.table_schema = t.table_schema AND c.table_name = t.table_name
                WHERE t.table_catalog = current_database() AND t.table_schema = 'main' AND c.column_name = 'email'
                ORDER BY t.table_name
                """))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read()) withEmail.Add((r.GetString(0), r.GetString(1)));
            }
            InTransaction(conn, () =>
            {
                using (var cmd = Command(conn, """
                    INSERT INTO suppression_hashed (email_sha256, reason, since) VALUES ($hash, 'erased', $at)
                    ON CONFLICT (email_sha256) DO NOTHING
                    """, ("hash", hash), ("at", at.UtcDateTime)))
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
                            "DELETE FROM eligible_leads WHERE email IN (SELECT raw_email FROM v_lead_eligibility WHERE email = $email)",
                            ("email", key));
                        tables.Add(new ErasedTable(name, del.ExecuteNonQuery()));
                        continue;
                    }
                    if (type != "BASE TABLE") continue;
                    using var cmd = Command(conn, $"DELETE FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WHERE email = $email", ("email", key));
                    tables.Add(new ErasedTable(name, cmd.ExecuteNonQuery()));
                }
            });
            return new ErasureReport(hash, tables);
        }, ct);
    }
}
