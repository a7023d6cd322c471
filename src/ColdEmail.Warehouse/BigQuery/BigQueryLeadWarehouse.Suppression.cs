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
            SqlText("suppression/add_suppressions"), ct);

    public async Task<Suppression?> FindSuppressionAsync(string email, CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(SqlText("suppression/find_suppression"),
            [BqParameter.String("email", Normalise(email))], ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : ReadSuppression(rows[0]);
    }

    private static Suppression ReadSuppression(BqRow r) =>
        new(r.RequiredString("email"), r.RequiredString("reason"), r.Timestamp("since")!.Value);

    public Task AddDomainSuppressionsAsync(IReadOnlyList<DomainSuppression> entries, CancellationToken ct = default) =>
        MergeInBatchesAsync(entries, DomainSuppressionFields, (d, seq) => [seq, SuppressionRules.Domain(d.Domain), d.Reason, d.Since],
            SqlText("suppression/add_domain_suppressions"), ct);

    public async Task<ErasureReport> ForgetAsync(string email, DateTimeOffset at, CancellationToken ct = default)
    {
        var key = SuppressionRules.ErasureKey(email);
        var hash = EmailIdentity.Sha256Hex(key);
        // Every table of ours with an email column holds personal data (other features add tables too).
        var withEmail = await _client.QueryAllAsync(SqlText("suppression/forget"), [], ct).ConfigureAwait(false);
        var tables = new List<ErasedTable>();
        var script = new StringBuilder(SqlText("suppression/forget_2"));
        script.Append(SqlText("suppression/forget_3"));
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
                ? SqlText("suppression/forget_4")
                : SqlText("suppression/forget_5", ("table", T(name))));
            tables.Add(new ErasedTable(name, null)); // a script's DML does not report per-statement counts
        }
        script.Append(SqlText("suppression/forget_6"));
        await _client.ExecuteAsync(script.ToString(),
            [BqParameter.String("hash", hash), BqParameter.Timestamp("at", at), BqParameter.String("email", key)], ct).ConfigureAwait(false);
        return new ErasureReport(hash, tables);
    }
}
