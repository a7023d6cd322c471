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

/// <summary>The drain's reads and writes: leads due for a check, drain decisions, kept leads' check stamps.</summary>
public sealed partial class PostgresLeadWarehouse
{
    public Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default) =>
        QueryAsync("listing leads due for a drain check", SqlText("drain/leads_due_for_drain"),
            r => new DrainCandidate(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Convert.ToInt32(r.GetValue(5))),
            ct, ("due", (now - minInterval).UtcDateTime), ("limit", (long)Math.Max(0, limit)));

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drains);
        if (drains.Count == 0) return Task.CompletedTask;
        return InTransactionAsync("recording drains", async (conn, tx) =>
        {
            await ExecAsync(conn, tx, SqlText("drain/record_drains"), ct,
                ("email", drains.Select(d => d.Email).ToArray()),
                ("campaign", drains.Select(d => d.CampaignId).ToArray()),
                ("lid", drains.Select(d => d.InstantlyLeadId).ToArray()),
                ("reason", drains.Select(d => d.DrainReason).ToArray()),
                ("outcome", drains.Select(d => d.Outcome).ToArray()),
                ("at", drains.Select(d => d.DrainedAt.UtcDateTime).ToArray()),
                ("days", drains.Select(d => d.DaysInCampaign).ToArray()),
                ("sent", drains.Select(d => d.EmailsSent).ToArray()),
                ("opened", drains.Select(d => d.EmailsOpened).ToArray()),
                ("clicked", drains.Select(d => d.LinksClicked).ToArray()),
                ("replies", drains.Select(d => d.RepliesReceived).ToArray()),
                ("sup", drains.Select(d => d.SuppressionReason).ToArray()),
                ("details", drains.Select(d => d.DetailsJson).ToArray()),
                ("cooldown", drains.Select(d => d.CooldownUntil?.UtcDateTime).ToArray()));
            // Re-recording the same drain (a retried batch) must not duplicate history.
            await ExecAsync(conn, tx, SqlText("drain/record_drains_2"), ct);
            await ExecAsync(conn, tx, SqlText("drain/record_drains_3"), ct);
            await ExecAsync(conn, tx, SqlText("drain/record_drains_4"), ct);
        }, ct);
    }

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0) return Task.CompletedTask;
        return ExecBatchAsync("stamping drain checks", SqlText("drain/mark_drain_checked"), ct, ("at", checkedAt.UtcDateTime),
            ("email", leads.Select(k => k.Email).ToArray()), ("campaign", leads.Select(k => k.CampaignId).ToArray()));
    }
}
