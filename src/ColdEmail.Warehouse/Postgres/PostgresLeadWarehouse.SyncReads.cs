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
    // (The bonus is in sql/postgres/queries/sync_reads/stream_ready_leads.sql and stream_eligibility.sql.)
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
            await using (var cmd = Command(conn, null, SqlText("sync_reads/stream_ready_leads", ("view_columns", ViewColumns(query.Routing)), ("read_filter", RoutingSql.ReadFilter(query, SqlScripts.Postgres)), ("verification", VerificationSql.Literal(query.VerificationEnabled))), ("now", now), ("limit", (long?)query.Limit)))
            {
                await GuardAsync("ranking ready leads", () => cmd.ExecuteNonQueryAsync(ct), ct).ConfigureAwait(false);
            }

            await using var pageCmd = Command(conn, null,
                SqlText("sync_reads/stream_ready_leads_2"),
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
            await using var drop = Command(conn, null, SqlText("sync_reads/stream_ready_leads_3"));
            await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        PgRead.ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView) + SqlText("sync_reads/view_columns"), StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, bool verificationEnabled, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = Command(conn, null, SqlText("sync_reads/stream_eligibility", ("case", RoutingSql.Case(routing, SqlScripts.Postgres, RoutingSql.Columns.OnView)), ("verification", VerificationSql.Literal(verificationEnabled))), ("now", now), ("limit", (long)limit));
        // Npgsql reads rows off the socket as they are consumed: the result is never held whole in memory.
        await using var r = await GuardAsync("reading eligibility", () => cmd.ExecuteReaderAsync(ct), ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            yield return new EligibilityRow(Prospect(r, 0), Str(r, 13), Time(r, 14));
    }

    public async Task<IReadOnlyDictionary<string, int>> CountActiveByCampaignAsync(CancellationToken ct = default)
    {
        var rows = await QueryAsync("counting active leads",
            SqlText("sync_reads/count_active_by_campaign"),
            r => (Campaign: r.GetString(0), Count: Convert.ToInt32(r.GetValue(1))), ct).ConfigureAwait(false);
        return rows.ToDictionary(x => x.Campaign, x => x.Count, StringComparer.Ordinal);
    }
}
