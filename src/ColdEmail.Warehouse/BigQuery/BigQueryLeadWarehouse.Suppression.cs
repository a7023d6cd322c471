using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>The permanent suppression lists and erasure.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    private static readonly BqField[] SuppressionFields =
        [new("seq", BqType.Int64), new("email", BqType.String), new("reason", BqType.String), new("since", BqType.Timestamp)];

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

    private static Suppression ReadSuppression(BqRow r) =>
        new(r.RequiredString("email"), r.RequiredString("reason"), r.Timestamp("since")!.Value);

    public Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default) =>
        MergeInBatchesAsync(entries, DomainSuppressionFields, (d, seq) => [seq, SuppressionRules.Domain(d.Domain), d.Reason, d.Since],
            $"""
            MERGE {T("suppression_domain")} T
            USING (SELECT * FROM UNNEST(@rows) WHERE TRUE QUALIFY ROW_NUMBER() OVER (PARTITION BY domain ORDER BY since, seq) = 1) S
            ON T.domain = S.domain
            WHEN NOT MATCHED THEN INSERT (domain, reason, since) VALUES (S.domain, S.reason, S.since)
            """, ct);

    public async Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default)
    {
        var key = SuppressionRules.ErasureKey(email);
        var hash = EmailIdentity.Sha256Hex(key);
        // Every table of ours with an email column holds personal data (other features add tables too).
        var withEmail = await _client.QueryAllAsync($"""
            SELECT c.table_name, t.table_type
            FROM `{_options.QualifiedDataset}.INFORMATION_SCHEMA.COLUMNS` c
            JOIN `{_options.QualifiedDataset}.INFORMATION_SCHEMA.TABLES` t ON t.table_name = c.table_name
            WHERE c.column_name = 'email'
            ORDER BY c.table_name
            """, [], ct).ConfigureAwait(false);
        var tables = new List<ErasedTable>();
        var script = new StringBuilder("BEGIN TRANSACTION;\n");
        script.Append($"""
            MERGE {T("suppression_hashed")} T
            USING (SELECT @hash AS email_sha256, 'erased' AS reason, @at AS since) S
            ON T.email_sha256 = S.email_sha256
            WHEN NOT MATCHED THEN INSERT (email_sha256, reason, since) VALUES (S.email_sha256, S.reason, S.since);

            """);
        foreach (var row in withEmail)
        {
            var name = row.RequiredString("table_name");
            var type = row.String("table_type");
            if (!TableNamePattern().IsMatch(name)) continue; // only plain names are ever written into SQL
            if (type != "BASE TABLE")
            {
                if (name == "eligible_leads")
                    tables.Add(new ErasedTable(name, null, "eligible_leads is a view: remove the address from its source"));
                continue;
            }
            // Source rows are matched as the view normalises them (padding, case), not byte for byte.
            script.Append(name == "eligible_leads"
                ? $"DELETE FROM {T("eligible_leads")} WHERE email IN (SELECT raw_email FROM {T("v_lead_eligibility")} WHERE email = @email);\n"
                : $"DELETE FROM {T(name)} WHERE email = @email;\n");
            tables.Add(new ErasedTable(name, null)); // a script's DML does not report per-statement counts
        }
        script.Append("COMMIT TRANSACTION;");
        await _client.ExecuteAsync(script.ToString(),
            [BqParameter.String("hash", hash), BqParameter.Timestamp("at", at), BqParameter.String("email", key)], ct).ConfigureAwait(false);
        return new ErasureReport(hash, tables);
    }
}
