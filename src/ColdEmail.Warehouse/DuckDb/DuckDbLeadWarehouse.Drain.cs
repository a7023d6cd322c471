using System.Data.Common;
using System.Runtime.CompilerServices;
using ColdEmail.Domain.Leads;
using ColdEmail.Domain.Routing;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Schema;
using DuckDB.NET.Data;

namespace ColdEmail.Warehouse.DuckDb;

/// <summary>The drain's reads and writes: leads due for a check, drain decisions, kept leads' check stamps.</summary>
public sealed partial class DuckDbLeadWarehouse
{
    public Task<IReadOnlyList<DrainCandidate>> LeadsDueForDrainAsync(DateTimeOffset now, TimeSpan minInterval, int limit, CancellationToken ct = default) => ReadAsync(conn =>
    {
        var list = new List<DrainCandidate>();
        using var cmd = Command(conn, SqlText("drain/leads_due_for_drain"), ("due", (now - minInterval).UtcDateTime), ("limit", (long)Math.Max(0, limit)));
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new DrainCandidate(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Convert.ToInt32(r.GetValue(5))));
        return (IReadOnlyList<DrainCandidate>)list;
    }, ct);

    public Task RecordDrainsAsync(IReadOnlyList<DrainRecord> drains, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(drains);
        if (drains.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("drain/record_drains"));
            using (var a = conn.CreateAppender("temp", "main", "stage_drain"))
            {
                long seq = 0;
                foreach (var d in drains)
                {
                    a.CreateRow().AppendValue(seq++).AppendValue(d.Email).AppendValue(d.CampaignId).AppendValue(d.InstantlyLeadId)
                        .AppendValue(d.DrainReason).AppendValue(d.Outcome).AppendValue((DateTime?)d.DrainedAt.UtcDateTime)
                        .AppendValue((int?)d.DaysInCampaign).AppendValue((int?)d.EmailsSent).AppendValue((int?)d.EmailsOpened)
                        .AppendValue((int?)d.LinksClicked).AppendValue((int?)d.RepliesReceived).AppendValue(d.SuppressionReason)
                        .AppendValue(d.DetailsJson).AppendValue(d.CooldownUntil?.UtcDateTime).EndRow();
                }
            }
            InTransaction(conn, () =>
            {
                // Re-recording the same drain (a retried batch) must not duplicate history.
                Execute(conn, SqlText("drain/record_drains_2"));
                Execute(conn, SqlText("drain/record_drains_3"));
                Execute(conn, SqlText("drain/record_drains_4"));
            });
        }, ct);
    }

    public Task MarkDrainCheckedAsync(IReadOnlyList<LeadKey> leads, DateTimeOffset checkedAt, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(leads);
        if (leads.Count == 0) return Task.CompletedTask;
        return WriteAsync(conn =>
        {
            Execute(conn, SqlText("drain/mark_drain_checked"));
            using (var a = conn.CreateAppender("temp", "main", "stage_keys"))
            {
                foreach (var k in leads) a.CreateRow().AppendValue(k.Email).AppendValue(k.CampaignId).EndRow();
            }
            InTransaction(conn, () =>
            {
                using var cmd = Command(conn, SqlText("drain/mark_drain_checked_2"), ("at", checkedAt.UtcDateTime));
                cmd.ExecuteNonQuery();
            });
        }, ct);
    }
}
