using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.DuckDb;
using DuckDB.NET.Data;
using Xunit;
using static ColdEmail.Warehouse.Tests.DuckDb.RawDuckDb;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// ops_inst_state has no primary key (its ART index was 80 MB of DuckDB memory that could not be evicted at 1.44 million
/// leads); one row per (email, campaign) rests on the MERGE writes. Lead state is what stops a lead being enrolled
/// again, so a lost or doubled row is a contact-safety bug: these tests hold the rebuild of an old file and the
/// one-row-per-key writes to that.
/// </summary>
public sealed class UnindexedLeadStatesTests
{
    // ops_inst_state as sql/duckdb/030 created it while state_key was the primary key.
    private const string IndexedTable = """
        CREATE TABLE ops_inst_state (
            state_key UHUGEINT NOT NULL PRIMARY KEY, email VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL, campaign_name VARCHAR,
            instantly_lead_id VARCHAR, status VARCHAR, status_code INTEGER, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
            last_drain_check TIMESTAMP, needs_drain_check BOOLEAN DEFAULT TRUE, drain_check_priority INTEGER,
            api_response_time_ms BIGINT, retry_count INTEGER DEFAULT 0, reason VARCHAR);
        INSERT INTO ops_inst_state
        VALUES (inst_state_key('ann@shop.example', 'c-smb'), 'ann@shop.example', 'c-smb', 'smb', 'lead-1', 'active', 200,
                TIMESTAMP '2026-10-01 10:00:00', TIMESTAMP '2026-10-02 11:00:00', NULL, TRUE, 100, 85, 0, NULL),
               (inst_state_key('ann@shop.example', 'c-mid'), 'ann@shop.example', 'c-mid', 'midsize', 'lead-2', 'completed', NULL,
                TIMESTAMP '2026-09-01 10:00:00', TIMESTAMP '2026-09-02 10:00:00', TIMESTAMP '2026-09-02 10:00:00', FALSE, 100, NULL, 2, 'replied'),
               (inst_state_key('bob@store.example', 'c-smb'), 'bob@store.example', 'c-smb', 'smb', NULL, 'quarantine', 422,
                TIMESTAMP '2026-10-05 10:00:00', TIMESTAMP '2026-10-05 10:00:00', NULL, FALSE, 7, 1200, 3, 'invalid email');
        """;

    private const string AllColumns = """
        SELECT concat_ws('|', state_key = inst_state_key(email, campaign_id), email, campaign_id, campaign_name, instantly_lead_id,
            status, status_code, created_at, updated_at, last_drain_check, needs_drain_check, drain_check_priority,
            api_response_time_ms, retry_count, reason)
        FROM ops_inst_state ORDER BY email, campaign_id
        """;

    [Fact]
    public async Task A_warehouse_whose_lead_states_have_the_primary_key_keeps_every_row_exactly_and_loses_the_key()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-unindexed-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, "warehouse.duckdb");
            await using (var old = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(path)))
            {
                await old.EnsureSchemaAsync();
            }
            Sql(path, "DROP TABLE ops_inst_state");
            Sql(path, IndexedTable);
            var before = Query(path, AllColumns);
            Assert.Equal(3, before.Count);
            Assert.Equal(["state_key"], PrimaryKey(path));

            await using var wh = await TempWarehouse.CreateAsync(dir: dir);

            Assert.Empty(PrimaryKey(wh.Path));
            Assert.Equal(before, Query(wh.Path, AllColumns));
            Assert.Empty(Query(wh.Path, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'ops_inst_state_indexed'"));
            // The rebuilt table keeps the column rules of the schema script.
            var error = Assert.ThrowsAny<DuckDBException>(() => Sql(wh.Path,
                "INSERT INTO ops_inst_state (state_key, email, campaign_id, created_at, updated_at) VALUES (1, NULL, 'c', now(), now())"));
            Assert.Contains("NOT NULL", error.Message, StringComparison.OrdinalIgnoreCase);

            // Writes after the rebuild update the existing row of a pair instead of adding one.
            await wh.Warehouse.UpsertLeadStatesAsync([
                new LeadStateRow("ann@shop.example", "c-smb", null, LeadState.Completed, null, 200, "replied", TempWarehouse.Now),
            ]);
            Assert.Equal(
                ["ann@shop.example|c-mid|completed|lead-2", "ann@shop.example|c-smb|completed|lead-1", "bob@store.example|c-smb|quarantine|"],
                Query(wh.Path, "SELECT concat_ws('|', email, campaign_id, status, COALESCE(instantly_lead_id, '')) FROM ops_inst_state ORDER BY email, campaign_id"));

            // Opening it again changes nothing.
            await wh.Warehouse.EnsureSchemaAsync();
            Assert.Equal(3, Query(wh.Path, AllColumns).Count);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Concurrent_and_repeated_writes_of_the_same_pairs_leave_one_row_each_with_the_last_state()
    {
        await using var wh = await TempWarehouse.CreateAsync();
        var pairs = Enumerable.Range(0, 50).Select(i => (Email: $"lead{i}@shop.example", Campaign: i % 2 == 0 ? "c-smb" : "c-mid")).ToList();
        LeadStateRow Row((string Email, string Campaign) p, LeadState state, string? leadId) =>
            new(p.Email, p.Campaign, p.Campaign == "c-smb" ? "smb" : "midsize", state, leadId, 200, null, TempWarehouse.Now);

        // Eight writers at once, each with every pair, all new keys: none may add a second row.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w =>
            wh.Warehouse.UpsertLeadStatesAsync(pairs.Select(p => Row(p, LeadState.Active, $"id-{p.Email}")).ToList())));
        // One batch that names every pair twice: the later row wins.
        await wh.Warehouse.UpsertLeadStatesAsync(
            pairs.Select(p => Row(p, LeadState.Active, null)).Concat(pairs.Select(p => Row(p, LeadState.Completed, null))).ToList());

        Assert.Equal(["50|50"], Query(wh.Path, "SELECT COUNT(*) || '|' || COUNT(DISTINCT state_key) FROM ops_inst_state"));
        Assert.Equal(["completed|50"], Query(wh.Path, "SELECT status || '|' || COUNT(*) FROM ops_inst_state GROUP BY status"));
        // A later state without a lead id keeps the one Instantly gave (upsert semantics unchanged).
        Assert.Equal(["0"], Query(wh.Path, "SELECT COUNT(*) FROM ops_inst_state WHERE instantly_lead_id IS DISTINCT FROM 'id-' || email"));
    }

    [Fact]
    public async Task A_drain_of_a_known_pair_updates_its_row_and_of_an_unknown_pair_adds_exactly_one()
    {
        await using var wh = await TempWarehouse.CreateAsync();
        await wh.Warehouse.UpsertLeadStatesAsync([
            new LeadStateRow("ann@shop.example", "c-smb", "smb", LeadState.Active, "lead-1", 200, null, TempWarehouse.Now),
        ]);
        var drained = TempWarehouse.Now.AddDays(30);
        var records = new[] { "ann@shop.example", "ann@shop.example", "zed@shop.example" }.Select(e =>
            new DrainRecord(e, "c-smb", e == "zed@shop.example" ? "lead-9" : "lead-1", "completed", "sequence finished", drained, 30, 3, 1, 0, 0, null, null)).ToList();

        await wh.Warehouse.RecordDrainsAsync(records);
        await wh.Warehouse.RecordDrainsAsync(records);

        Assert.Equal(
            ["ann@shop.example|completed|lead-1", "zed@shop.example|completed|lead-9"],
            Query(wh.Path, "SELECT concat_ws('|', email, status, instantly_lead_id) FROM ops_inst_state ORDER BY email"));
    }
}
