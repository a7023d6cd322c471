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

/// <summary>What a sync reads: the ready leads a campaign routes to, the eligibility of every row (for `plan`), active counts.</summary>
public sealed partial class PostgresLeadWarehouse
{
    // Business hours need each lead's local clock at an injected "now". AT TIME ZONE only ever sees zones the view
    // found in pg_timezone_names (an unknown zone would raise); CASE, unlike AND, guarantees that guard runs first.
    private const string BusinessHoursBonus =
        "CASE WHEN tz_valid THEN CASE WHEN EXTRACT(ISODOW FROM @now::timestamptz AT TIME ZONE timezone) <= 5 " +
        "AND EXTRACT(HOUR FROM @now::timestamptz AT TIME ZONE timezone) BETWEEN 9 AND 16 THEN 10 ELSE 0 END ELSE 0 END";

    private const string ReasonAtNow =
        "COALESCE(static_reason, " +
        "CASE WHEN cooldown_until > @now::timestamptz THEN 'cooldown until ' || to_char(cooldown_until AT TIME ZONE 'UTC', 'YYYY-MM-DD') END, " +
        "CASE WHEN retry_until > @now::timestamptz THEN 'retry scheduled at ' || to_char(retry_until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC' END)";

    public async IAsyncEnumerable<Prospect> StreamReadyLeadsAsync(ReadyLeadQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize <= 0) throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "PageSize must be positive");
        if (query.Limit is <= 0) yield break;
        var now = (query.Now ?? _time.GetUtcNow()).UtcDateTime;

        // The ordered ready set is ranked once into a session temp table and read by keyset on its rank: each page
        // is an index range, and the set is pinned, so leads written as active while we stream do not shift pages.
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            await using (var cmd = Command(conn, null, $"""
                DROP TABLE IF EXISTS pg_temp.ready_snapshot;
                CREATE TEMP TABLE ready_snapshot AS
                SELECT ROW_NUMBER() OVER (ORDER BY score DESC, email COLLATE "C") AS rn, x.*
                FROM (
                    SELECT {ViewColumns(query.Routing)}, base_score + {BusinessHoursBonus} AS score
                    FROM v_lead_eligibility
                    WHERE static_reason IS NULL
                      AND (cooldown_until IS NULL OR cooldown_until <= @now::timestamptz)
                      AND (retry_until IS NULL OR retry_until <= @now::timestamptz)
                      AND {RoutingSql.ReadFilter(query, SqlScripts.Postgres)}
                    ORDER BY score DESC, email COLLATE "C"
                    LIMIT @limit::bigint
                ) x;
                CREATE INDEX ON ready_snapshot (rn);
                """, ("now", now), ("limit", (long?)query.Limit)))
            {
                await GuardAsync("ranking ready leads", () => cmd.ExecuteNonQueryAsync(ct), ct).ConfigureAwait(false);
            }

            await using var pageCmd = Command(conn, null,
                $"SELECT {PgRead.ProspectColumns}, score, rn FROM ready_snapshot WHERE rn > @after ORDER BY rn LIMIT @size",
                ("after", 0L), ("size", (long)query.PageSize));
            long after = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                pageCmd.Parameters["after"].Value = after;
                var page = new List<Prospect>(query.PageSize);
                await using (var r = await pageCmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    while (await r.ReadAsync(ct).ConfigureAwait(false))
                    {
                        page.Add(Prospect(r, 0));
                        after = r.GetInt64(13);
                    }
                }
                foreach (var p in page) yield return p;
                if (page.Count < query.PageSize) yield break;
            }
        }
        finally
        {
            await using var drop = Command(conn, null, "DROP TABLE IF EXISTS pg_temp.ready_snapshot");
            await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        PgRead.ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView) + " AS sequence_target", StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(conn, null, $"""
            SELECT COALESCE(raw_email, ''), merchant_name, platform_domain, state, country_code, estimated_sales_yearly,
                   employee_count, product_count, avg_price, klaviyo_installed_at, timezone,
                   {RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)} AS sequence_target,
                   base_score + {BusinessHoursBonus} AS score,
                   {ReasonAtNow} AS reason,
                   CASE WHEN cooldown_until > @now::timestamptz THEN cooldown_until END AS cooldown
            FROM v_lead_eligibility
            ORDER BY score DESC, email COLLATE "C" NULLS LAST, raw_email COLLATE "C" NULLS LAST
            LIMIT @limit
            """, ("now", now), ("limit", (long)limit));
        // Npgsql reads rows off the socket as they are consumed: the result is never held whole in memory.
        await using var r = await GuardAsync("reading eligibility", () => cmd.ExecuteReaderAsync(ct), ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            yield return new EligibilityRow(Prospect(r, 0), Str(r, 13), Time(r, 14));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await QueryAsync("counting active leads",
            "SELECT campaign_id, COUNT(*) FROM ops_inst_state WHERE status = 'active' GROUP BY campaign_id",
            r => (Campaign: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1))), ct).ConfigureAwait(false);
        return rows.ToDictionary(x => x.Campaign, x => x.Count, StringComparer.Ordinal);
    }
}
