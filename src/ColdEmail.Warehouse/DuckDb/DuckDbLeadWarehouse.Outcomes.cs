using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>What a run records: lead states, dead letters and run summaries.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        // Staged afresh and upserted in one transaction, so an attempt that ran out of memory can simply run again.
        return DuckDbOutOfMemory.RetryAsync(() => WriteLeadStatesBesideNoRankingAsync(rows, ct), WaitForRankingAsync, DuckDbOutOfMemory.Attempts, ct);
    }

    /// <summary>
    /// A lead-state write takes the ranking's turn: it never runs beside a campaign ranking its ready set. Both need
    /// DuckDB memory at once (the ranking's hash tables and sort runs; the write's MERGE join and, before the table lost
    /// its primary key, the key's index), and together they ran a 128MB budget out of memory where each alone fits; one
    /// after the other, the budget only has to hold the larger. A write waits at most one ranking; a ranking waits at most one write (milliseconds).
    /// Other writes (lease, drain, suppression) do not wait: the lease must be renewed whatever the sync is doing.
    /// </summary>
    private async Task WriteLeadStatesBesideNoRankingAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct)
    {
        await RankingTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await WriteLeadStatesAsync(rows, ct).ConfigureAwait(false);
        }
        finally
        {
            RankingTurn.Release();
        }
    }

    private Task WriteLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct) =>
        WriteAsync(conn =>
        {
            Execute(conn, SqlText("outcomes/upsert_lead_states"));
            using (var a = conn.CreateAppender("temp", "main", "stage_state"))
            {
                long seq = 0;
                foreach (var s in rows)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(s.Email).AppendValue(s.CampaignId).AppendValue(s.CampaignName)
                        .AppendValue(s.InstantlyLeadId).AppendValue(LeadStateNames.ToSql(s.State)).AppendValue(s.StatusCode)
                        .AppendValue((DateTime?)s.At.UtcDateTime).AppendValue((int?)s.RetryCount).AppendValue(s.ApiResponseTimeMs)
                        .AppendValue(s.Reason).EndRow();
                }
            }
            // One source row per key: with no primary key a key twice in the MERGE's source would insert two rows, so
            // repeated keys keep only their last row; the ranking is skipped when the batch has none (the usual case),
            // which saves a sort per batch.
            var keys = new HashSet<(string, string)>();
            var unique = rows.All(r => keys.Add((r.Email, r.CampaignId)));
            var source = unique
                ? "stage_state"
                : SqlText("outcomes/upsert_lead_states_2");
            InTransaction(conn, () => Execute(conn, SqlText("outcomes/upsert_lead_states_3", ("source", source))));
        }, ct);

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0) return Task.CompletedTask;
        // Staged on a fresh connection each attempt and written in one transaction: one that ran out of memory (beside a
        // ranking, or at the reading limit) runs again once there is room, like a lead-state write.
        return DuckDbOutOfMemory.RetryAsync(() => WriteDeadLettersAsync(letters, ct), WaitForRankingAsync, DuckDbOutOfMemory.Attempts, ct);
    }

    private Task WriteDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct)
    {
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("outcomes/upsert_dead_letters"));
            using (var a = conn.CreateAppender("temp", "main", "stage_dead"))
            {
                long seq = 0;
                foreach (var d in letters)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(d.Id).AppendValue(d.Operation).AppendValue(d.Email)
                        .AppendValue(d.CampaignId).AppendValue(d.ErrorKind).AppendValue(d.HttpStatus).AppendValue(d.Message)
                        .AppendValue(d.PayloadJson).AppendValue((int?)d.RetryCount).AppendValue(d.NextRetryAt?.UtcDateTime)
                        .AppendValue((DateTime?)d.FirstFailureAt.UtcDateTime).AppendValue((DateTime?)d.LastFailureAt.UtcDateTime)
                        .AppendValue((bool?)d.Permanent).AppendValue(d.ResolvedAt?.UtcDateTime).AppendValue(d.Resolution).EndRow();
                }
            }
            InTransaction(conn, () => Execute(conn, SqlText("outcomes/upsert_dead_letters_2")));
        }, ct);
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        QueryDeadLetters(
            SqlText("outcomes/dead_letters_due"),
            ct, ("now", now.UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    private Task<IReadOnlyList<DeadLetter>> QueryDeadLetters(string sql, CancellationToken ct, params (string, object?)[] ps) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, sql, ps);
        return ReadDeadLetters(cmd);
    }, ct);

    private static IReadOnlyList<DeadLetter> ReadDeadLetters(DuckDBCommand cmd)
    {
        var list = new List<DeadLetter>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            list.Add(new DeadLetter(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), r.GetString(4), Int(r, 5),
                r.GetString(6), Str(r, 7), Int(r, 8) ?? 0, Time(r, 9), Time(r, 10)!.Value, Time(r, 11)!.Value,
                r.GetBoolean(12), Time(r, 13), Str(r, 14)));
        }
        return list;
    }

    public Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return Task.CompletedTask;
        return DuckDbOutOfMemory.RetryAsync(() => WriteResolutionsAsync(ids, resolution, at, ct), WaitForRankingAsync, DuckDbOutOfMemory.Attempts, ct);
    }

    private Task WriteResolutionsAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct)
    {
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("outcomes/resolve_dead_letters"));
            using (var a = conn.CreateAppender("temp", "main", "stage_ids"))
            {
                foreach (var id in ids) a.CreateRow().AppendValue(id).EndRow();
            }
            InTransaction(conn, () =>
            {
                using var cmd = Command(conn, SqlText("outcomes/resolve_dead_letters_2"), ("at", at.UtcDateTime), ("resolution", resolution));
                cmd.ExecuteNonQuery();
            });
        }, ct);
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return WriteAsync(conn =>
        {
            using var cmd = Command(conn, SqlText("outcomes/record_run"), ("id", run.RunId), ("kind", run.Kind), ("started", run.StartedAt.UtcDateTime),
                ("finished", run.FinishedAt.UtcDateTime), ("ok", run.Succeeded), ("summary", run.SummaryJson));
            cmd.ExecuteNonQuery();
        }, ct);
    }
}
