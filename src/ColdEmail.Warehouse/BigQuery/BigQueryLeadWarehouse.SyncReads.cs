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
    private static string ProspectColumns => SqlQueries.Render(SqlScripts.BigQuery, "sync_reads/prospect_columns");

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
        var sql = SqlText("sync_reads/stream_ready_leads", ("view_columns", ViewColumns(query.Routing)), ("filter", filter), ("limit", limit),
            ("verification", VerificationSql.Literal(query.VerificationEnabled)));
        await foreach (var page in _client.QueryAsync(sql, ps, query.PageSize, ct).ConfigureAwait(false))
            foreach (var row in page.Rows) yield return ReadProspect(row, "email");
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", Target(routing), StringComparison.Ordinal);

    private static string Target(CampaignRouting routing) =>
        RoutingSql.Case(routing, SqlScripts.BigQuery, RoutingSql.Columns.OnView) + SqlQueries.Render(SqlScripts.BigQuery, "sync_reads/target");

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, bool verificationEnabled, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var sql = SqlText("sync_reads/stream_eligibility", ("target", Target(routing)), ("verification", VerificationSql.Literal(verificationEnabled)));
        await foreach (var page in _client.QueryAsync(sql, [BqParameter.Timestamp("now", _time.GetUtcNow()), BqParameter.Int64("limit", limit)], 5_000, ct).ConfigureAwait(false))
            foreach (var row in page.Rows)
                yield return new EligibilityRow(ReadProspect(row, "raw_email"), row.String("reason"), row.Timestamp("cooldown"));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await _client.QueryAllAsync(
            SqlText("sync_reads/count_active_by_campaign"), [], ct).ConfigureAwait(false);
        return rows.ToDictionary(r => r.RequiredString("campaign_id"), r => r.Int32("n") ?? 0, StringComparer.Ordinal);
    }
}
