using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>What a sync reads: the ready leads a campaign routes to, the eligibility of every row (for `plan`), active counts.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    private const string ProspectColumns =
        "email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly, employee_count, " +
        "product_count, avg_price, klaviyo_installed_at, timezone, sequence_target";

    // Business hours need each lead's local clock at an injected "now". They are computed once per IANA zone
    // (a few hundred ICU conversions, not one per lead) and joined; an unknown zone finds no row and scores 0.
    private const string BusinessHoursJoin =
        "LEFT JOIN (SELECT name AS bh_zone, " +
        "CASE WHEN ISODOW(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) <= 5 " +
        "AND HOUR(timezone(name, CAST($now AS TIMESTAMP) AT TIME ZONE 'UTC')) BETWEEN 9 AND 16 THEN 10 ELSE 0 END AS bh_bonus " +
        "FROM (SELECT DISTINCT name FROM pg_timezone_names())) bh ON bh.bh_zone = v_lead_eligibility.timezone";

    private const string BusinessHoursBonus = "COALESCE(bh.bh_bonus, 0)";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "CASE WHEN cooldown_until > $now THEN 'cooldown until ' || strftime(cooldown_until, '%Y-%m-%d') END, " +
        "CASE WHEN retry_until > $now THEN 'retry scheduled at ' || strftime(retry_until, '%Y-%m-%d %H:%M:%S') || ' UTC' END)";

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var now = (query.Now ?? _time.GetUtcNow()).UtcDateTime;

        // The ordered ready set is ranked once inside DuckDB (native memory, spilling to disk if needed), then
        // read a page at a time by position: the snapshot is written in (score DESC, email) order, so its rowid
        // is the rank and each page is a rowid range that DuckDB answers without rescanning the set.
        // It also pins the set: leads written as active while we stream do not shift later pages.
        await using var conn = await Task.Run(Open, ct).ConfigureAwait(false);
        var filter = RoutingSql.ReadFilter(query, SqlScripts.DuckDb);
        var limit = query.Limit is not null ? "LIMIT $limit" : "";
        var snapshot = $"""
            CREATE TEMP TABLE ready_snapshot AS
            SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
            FROM v_lead_eligibility {BusinessHoursJoin}
            WHERE static_reason IS NULL
              AND (cooldown_until IS NULL OR cooldown_until <= $now)
              AND (retry_until IS NULL OR retry_until <= $now)
              AND {filter}
            ORDER BY score DESC, email
            {limit}
            """;
        await Task.Run(() =>
        {
            using var cmd = Command(conn, snapshot, ("now", now));
            if (query.Limit is { } lim) Add(cmd, "limit", (long)lim);
            cmd.ExecuteNonQuery();
        }, ct).ConfigureAwait(false);

        using var pageCmd = Command(conn,
            $"SELECT {ProspectColumns}, score FROM ready_snapshot WHERE rowid >= $from AND rowid < $to ORDER BY rowid",
            ("from", 0L), ("to", 0L));
        pageCmd.Prepare(); // planned once: re-planning every page costs more than reading it
        long from = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            pageCmd.Parameters[0].Value = from;
            pageCmd.Parameters[1].Value = from + query.PageSize;
            var page = new List<Prospect>(query.PageSize);
            using (var r = pageCmd.ExecuteReader())
            {
                while (r.Read()) page.Add(ReadProspect(r, 0));
            }
            foreach (var p in page) yield return p;
            if (page.Count < query.PageSize) yield break;
            from += page.Count;
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView) + " AS sequence_target", StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await Task.Run(Open, ct).ConfigureAwait(false);
        using var cmd = Command(conn, $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   CASE WHEN cooldown_until > $now THEN cooldown_until END AS cooldown
            FROM v_lead_eligibility {BusinessHoursJoin}
            ORDER BY score DESC, email NULLS LAST, raw_email NULLS LAST
            LIMIT $limit
            """, ("now", now), ("limit", (long)limit));
        cmd.UseStreamingMode = true;
        using var r = await Task.Run(cmd.ExecuteReader, ct).ConfigureAwait(false);
        while (r.Read())
        {
            ct.ThrowIfCancellationRequested();
            yield return new EligibilityRow(ReadProspect(r, 0), Str(r, 13), Time(r, 14));
        }
    }

    public Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default) => ReadAsync(conn =>
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        using var cmd = Command(conn, "SELECT campaign_id, COUNT(*) FROM ops_inst_state WHERE status = 'active' GROUP BY campaign_id");
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetString(0)] = Convert.ToInt32(r.GetValue(1));
        return (IReadOnlyDictionary<string, int>)result;
    }, ct);
}
