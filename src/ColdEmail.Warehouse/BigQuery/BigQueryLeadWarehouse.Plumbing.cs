using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>Connections, transactions, commands and typed readers shared by the other parts.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    /// <summary>One DML statement per chunk of <see cref="BigQueryWarehouseOptions.DmlBatchSize"/> rows (the request size is capped).</summary>
    private async Task MergeInBatchesAsync<T>(IReadOnlyList<T> items, BqField[] fields, Func<T, long, object?[]> toRow, string sql,
        CancellationToken ct, params BqParameter[] extra)
    {
        ArgumentNullException.ThrowIfNull(items);
        for (var start = 0; start < items.Count; start += _options.DmlBatchSize)
        {
            var count = Math.Min(_options.DmlBatchSize, items.Count - start);
            var rows = new List<object?[]>(count);
            for (var i = 0; i < count; i++) rows.Add(toRow(items[start + i], start + i));
            await _client.ExecuteAsync(sql, [BqParameter.Rows("rows", fields, rows), .. extra], ct).ConfigureAwait(false);
        }
    }

    private static string Normalise(string email) => EmailIdentity.Key(email);

    private static Prospect ReadProspect(BqRow r, string emailColumn) => new(
        r.String(emailColumn) ?? "",
        r.String("merchant_name"), r.String("platform_domain"), r.String("state"), r.String("country_code"),
        r.Decimal("estimated_sales_yearly"), r.Int32("employee_count"), r.Int32("product_count"), r.Decimal("avg_price"),
        r.Timestamp("klaviyo_installed_at"), r.String("timezone"), r.String("sequence_target"), r.Int32("score") ?? 0);

    [GeneratedRegex(@"^[a-z][a-z0-9\-:.]{2,62}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_]{1,1024}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetPattern();

    private static readonly BqField[] DomainSuppressionFields =
        [new("seq", BqType.Int64), new("domain", BqType.String), new("reason", BqType.String), new("since", BqType.Timestamp)];

    private async Task<(bool Erased, DomainSuppression? Domain)> ReadErasureAndDomainAsync(string normalised, CancellationToken ct)
    {
        var at = normalised.LastIndexOf('@');
        var rows = await _client.QueryAllAsync(SqlText("plumbing/read_erasure_and_domain"), [BqParameter.String("hash", EmailIdentity.Sha256Hex(normalised)),
                BqParameter.String("domain", at < 0 ? "" : normalised[(at + 1)..])], ct).ConfigureAwait(false);
        if (rows.Count == 0) return (false, null);
        var r = rows[0];
        var domain = r.String("domain") is { } d ? new DomainSuppression(d, r.String("reason") ?? "", r.Timestamp("since") ?? default) : null;
        return (r.Bool("erased") ?? false, domain);
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,1023}$", RegexOptions.CultureInvariant)]
    private static partial Regex TableNamePattern();
}
