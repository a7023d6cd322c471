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

/// <summary>What a run records: lead states, dead letters and run summaries.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task UpsertLeadStatesAsync(IReadOnlyList<LeadStateRow> rows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return Task.CompletedTask;
        // A key twice in one statement is an error for ON CONFLICT, so repeated keys keep only their last row.
        return ExecBatchAsync("upserting ops_inst_state", SqlText("outcomes/upsert_lead_states"), ct,
            ("email", rows.Select(s => s.Email).ToArray()),
            ("campaign", rows.Select(s => s.CampaignId).ToArray()),
            ("cname", rows.Select(s => s.CampaignName).ToArray()),
            ("lid", rows.Select(s => s.InstantlyLeadId).ToArray()),
            ("status", rows.Select(s => LeadStateNames.ToSql(s.State)).ToArray()),
            ("code", rows.Select(s => s.StatusCode).ToArray()),
            ("at", rows.Select(s => s.At.UtcDateTime).ToArray()),
            ("retry", rows.Select(s => s.RetryCount).ToArray()),
            ("ms", rows.Select(s => s.ApiResponseTimeMs).ToArray()),
            ("reason", rows.Select(s => s.Reason).ToArray()));
    }

    public Task UpsertDeadLettersAsync(IReadOnlyList<DeadLetter> letters, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("upserting ops_dead_letters", SqlText("outcomes/upsert_dead_letters"), ct,
            ("id", letters.Select(d => d.Id).ToArray()),
            ("op", letters.Select(d => d.Operation).ToArray()),
            ("email", letters.Select(d => d.Email).ToArray()),
            ("campaign", letters.Select(d => d.CampaignId).ToArray()),
            ("kind", letters.Select(d => d.ErrorKind).ToArray()),
            ("http", letters.Select(d => d.HttpStatus).ToArray()),
            ("msg", letters.Select(d => d.Message).ToArray()),
            ("payload", letters.Select(d => d.PayloadJson).ToArray()),
            ("retry", letters.Select(d => d.RetryCount).ToArray()),
            ("next", letters.Select(d => d.NextRetryAt?.UtcDateTime).ToArray()),
            ("first", letters.Select(d => d.FirstFailureAt.UtcDateTime).ToArray()),
            ("last", letters.Select(d => d.LastFailureAt.UtcDateTime).ToArray()),
            ("perm", letters.Select(d => d.Permanent).ToArray()),
            ("resolved", letters.Select(d => d.ResolvedAt?.UtcDateTime).ToArray()),
            ("resolution", letters.Select(d => d.Resolution).ToArray()));
    }

    public Task<IReadOnlyList<DeadLetter>> DeadLettersDueAsync(DateTimeOffset now, int limit, CancellationToken ct = default) =>
        QueryAsync("listing due dead letters", SqlText("outcomes/dead_letters_due"), ReadDeadLetter, ct, ("now", now.UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    private static DeadLetter ReadDeadLetter(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), Str(r, 3), r.GetString(4), Int(r, 5),
            r.GetString(6), Str(r, 7), Int(r, 8) ?? 0, Time(r, 9), Time(r, 10)!.Value, Time(r, 11)!.Value,
            r.GetBoolean(12), Time(r, 13), Str(r, 14));

    public Task ResolveDeadLettersAsync(IReadOnlyList<string> ids, string resolution, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("resolving dead letters", SqlText("outcomes/resolve_dead_letters"), ct, ("at", at.UtcDateTime), ("resolution", resolution), ("ids", ids.ToArray()));
    }

    public Task RecordRunAsync(RunRecord run, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ExecBatchAsync("recording a run", SqlText("outcomes/record_run"), ct, ("id", run.RunId), ("kind", run.Kind), ("started", run.StartedAt.UtcDateTime),
            ("finished", run.FinishedAt.UtcDateTime), ("ok", run.Succeeded), ("summary", run.SummaryJson));
    }
}
