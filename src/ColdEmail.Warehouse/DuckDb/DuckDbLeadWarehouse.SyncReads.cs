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
    private static string ProspectColumns => SqlQueries.Render(SqlScripts.DuckDb, "sync_reads/prospect_columns");

    // Business hours need each lead's local clock at an injected "now". They are computed once per IANA zone
    // (a few hundred ICU conversions, not one per lead) and joined; an unknown zone finds no row and scores 0.
    // (The bonus is in sql/duckdb/queries/sync_reads/stream_ready_leads.sql and stream_eligibility.sql.)
    private SemaphoreSlim RankingTurn { get; } = new(1, 1);

    /// <summary>DuckDB's memory limit while ranked ready sets are read (see <see cref="DuckDbReadingMemory"/>).</summary>
    private DuckDbReadingMemory ReadingMemory { get; }

    /// <summary>Returns once no campaign is ranking its ready set (the memory a write that ran out of it waits for), its pages purged.</summary>
    private async Task WaitForRankingAsync(CancellationToken ct)
    {
        await RankingTurn.WaitAsync(ct).ConfigureAwait(false);
        RankingTurn.Release();
        // A write that ran out of memory at the reading limit gets the whole limit back for as long as readings go on.
        using (var conn = Open()) ReadingMemory.RanOutOfMemory(conn);
        DuckDbAllocator.Purge();
    }

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
        var snapshot = SqlText("sync_reads/stream_ready_leads", ("view_columns", ViewColumns(query.Routing)), ("filter", filter), ("limit", limit),
            ("verification", VerificationSql.Literal(query.VerificationEnabled)));
        await RankAsync(conn, snapshot, now, query.Limit, ct).ConfigureAwait(false);
        try
        {
            using var pageCmd = Command(conn,
                SqlText("sync_reads/stream_ready_leads_2"),
                ("from", 0L), ("to", 0L));
            pageCmd.Prepare(); // planned once: re-planning every page costs more than reading it
            long from = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                pageCmd.Parameters[0].Value = from;
                pageCmd.Parameters[1].Value = from + query.PageSize;
                var page = ReadPage(conn, pageCmd, query.PageSize);
                foreach (var p in page) yield return p;
                if (page.Count < query.PageSize) yield break;
                from += page.Count;
            }
        }
        finally
        {
            ReadingMemory.ReadingEnded(conn);
        }
    }

    /// <summary>One page of the snapshot; a page that ran out of memory at the reading limit is read again at the whole limit.</summary>
    private List<Prospect> ReadPage(DuckDBConnection conn, DuckDBCommand pageCmd, int pageSize) =>
        ReadingMemory.OnceMoreAtTheWholeLimit(conn, () =>
        {
            var page = new List<Prospect>(pageSize);
            using var r = pageCmd.ExecuteReader();
            while (r.Read()) page.Add(ReadProspect(r, 0));
            return page;
        });

    /// <summary>Writes the ranked ready set into the connection's snapshot; once it returns, a reading has started (<see cref="DuckDbReadingMemory"/>).</summary>
    private async Task RankAsync(DuckDBConnection conn, string snapshot, DateTime now, int? limit, CancellationToken ct)
    {
        // Ranking the set is the heaviest statement DuckDB runs for us (the whole view, hashed and sorted), so campaigns
        // rank one at a time: two at once beside the state writes ran the 256 MB budget out of memory at 1.2 million
        // prospects. A lock of its own, not the writers': only lead-state writes take it too (they would compete for the
        // same memory, see WriteLeadStatesBesideNoRankingAsync); the lease and other writes never wait for a ranking.
        await RankingTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await Task.Run(() =>
            {
                ReadingMemory.Ranking(conn);
                DuckDbOutOfMemory.OnceMoreSingleThreaded(conn, (_options.Resources ?? DuckDbResourceOptions.Default).Threads, () =>
                {
                    using var cmd = Command(conn, snapshot, ("now", now));
                    if (limit is { } lim) Add(cmd, "limit", (long)lim);
                    cmd.ExecuteNonQuery();
                });
                // Ranked: from here the campaign only reads pages, so DuckDB's limit drops to the reading limit and the
                // snapshot's pages beyond it leave memory. The ranking's hash tables and sort runs are freed too; without
                // a purge both would stay resident while the pages are read (see DuckDbAllocator).
                ReadingMemory.ReadingStarted(conn);
                DuckDbAllocator.Purge();
            }, ct).ConfigureAwait(false);
        }
        finally
        {
            RankingTurn.Release();
        }
    }

    private static string ViewColumns(CampaignRouting routing) =>
        ProspectColumns.Replace("sequence_target", RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView) + SqlText("sync_reads/view_columns"), StringComparison.Ordinal);

    public async IAsyncEnumerable<EligibilityRow> StreamEligibilityAsync(CampaignRouting routing, int limit, bool verificationEnabled, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (limit <= 0) yield break;
        var now = _time.GetUtcNow().UtcDateTime;
        await using var conn = await Task.Run(Open, ct).ConfigureAwait(false);
        using var cmd = Command(conn, SqlText("sync_reads/stream_eligibility", ("case", RoutingSql.Case(routing, SqlScripts.DuckDb, RoutingSql.Columns.OnView)), ("verification", VerificationSql.Literal(verificationEnabled))), ("now", now), ("limit", (long)limit));
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
        using var cmd = Command(conn, SqlText("sync_reads/count_active_by_campaign"));
        using var r = cmd.ExecuteReader();
        while (r.Read()) result[r.GetString(0)] = Convert.ToInt32(r.GetValue(1));
        return (IReadOnlyDictionary<string, int>)result;
    }, ct);
}
