using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Text;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Schema;

namespace ColdEmail.Warehouse.BigQuery;

/// <summary>What a sync reads: the ready leads a campaign routes to, the eligibility of every row (for `plan`), active counts.</summary>
public sealed partial class BigQueryLeadWarehouse
{
    private const string BusinessHoursBonus =
        "IF(EXTRACT(DAYOFWEEK FROM SAFE.DATETIME(@now, timezone)) BETWEEN 2 AND 6 " +
        "AND EXTRACT(HOUR FROM SAFE.DATETIME(@now, timezone)) BETWEEN 9 AND 16, 10, 0)";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "IF(cooldown_until > @now, CONCAT('cooldown until ', FORMAT_TIMESTAMP('%F', cooldown_until)), NULL), " +
        "IF(retry_until > @now, CONCAT('retry scheduled at ', FORMAT_TIMESTAMP('%F %T', retry_until), ' UTC'), NULL))";

    private const string ProspectColumns =
        "email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly, employee_count, " +
        "product_count, avg_price, klaviyo_installed_at, timezone, sequence_target";

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var ps = new List<BqParameter> { BqParameter.Timestamp("now", query.Now ?? _time.GetUtcNow()) };
        var filter = RoutingSql.ReadFilter(query, SqlScripts.BigQuery);
        var limit = "";
        if (query.Limit is { } l) { limit = "LIMIT @limit"; ps.Add(BqParameter.Int64("limit", l)); }

        // One job ranks the set; BigQuery keeps the result and hands it out a page at a time.
        var sql = $"""
            SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
            FROM {T("v_lead_eligibility")}
            WHERE static_reason IS NULL
              AND (cooldown_until IS NULL OR cooldown_until <= @now)
              AND (retry_until IS NULL OR retry_until <= @now)
              AND {filter}
            ORDER BY score DESC, email
            {limit}
            """;
        await foreach (var page in _client.QueryAsync(sql, ps, query.PageSize, ct).ConfigureAwait(false))
            foreach (var row in page.Rows) yield return ReadProspect(row, "email");
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", Target(routing), StringComparison.Ordinal);

    private static string Target(CampaignRouting routing) =>
        RoutingSql.Case(routing, SqlScripts.BigQuery, RoutingSql.Columns.OnView) + " AS sequence_target";

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var sql = $"""
            SELECT COALESCE(raw_email, '') AS raw_email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone, {Target(routing)},
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   IF(cooldown_until > @now, cooldown_until, NULL) AS cooldown
            FROM {T("v_lead_eligibility")}
            ORDER BY score DESC, email, raw_email
            LIMIT @limit
            """;
        await foreach (var page in _client.QueryAsync(sql, [BqParameter.Timestamp("now", _time.GetUtcNow()), BqParameter.Int64("limit", limit)], 5_000, ct).ConfigureAwait(false))
            foreach (var row in page.Rows)
                yield return new EligibilityRow(ReadProspect(row, "raw_email"), row.String("reason"), row.Timestamp("cooldown"));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(
            $"SELECT campaign_id, COUNT(*) AS n FROM {T("ops_inst_state")} WHERE status = 'active' GROUP BY campaign_id", [], ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequiredString("campaign_id"), r => r.Int32("n") ?? 0, StringComparer.Ordinal);
    }
}
