using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Generation;
using Xunit;
using static ColdEmail.Warehouse.Tests.DuckDb.RawDuckDb;

namespace ColdEmail.Warehouse.Tests.DuckDb;

/// <summary>
/// ops_inst_state is keyed by a 16-byte hash of (email, campaign_id), with no primary-key index (DuckDB cannot evict
/// one from its memory budget, bench/memory.sh). A warehouse created before either change keeps every row when it is
/// opened, and upserts still find the row of a (email, campaign) pair.
/// </summary>
public sealed class KeyedLeadStatesTests
{
    // ops_inst_state as sql/duckdb/030 created it before the key changed.
    private const string UnkeyedTable = """
        CREATE TABLE ops_inst_state (
            email VARCHAR NOT NULL, campaign_id VARCHAR NOT NULL, campaign_name VARCHAR, instantly_lead_id VARCHAR,
            status VARCHAR, status_code INTEGER, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL,
            last_drain_check TIMESTAMP, needs_drain_check BOOLEAN DEFAULT TRUE, drain_check_priority INTEGER,
            api_response_time_ms BIGINT, retry_count INTEGER DEFAULT 0, reason VARCHAR,
            PRIMARY KEY (email, campaign_id));
        INSERT INTO ops_inst_state (email, campaign_id, campaign_name, instantly_lead_id, status, created_at, updated_at)
        VALUES ('ann@shop.example', 'c-smb', 'smb', 'lead-1', 'active', TIMESTAMP '2026-10-01 10:00:00', TIMESTAMP '2026-10-01 10:00:00'),
               ('ann@shop.example', 'c-mid', 'midsize', 'lead-2', 'completed', TIMESTAMP '2026-09-01 10:00:00', TIMESTAMP '2026-09-02 10:00:00'),
               ('bob@store.example', 'c-smb', 'smb', 'lead-3', 'quarantine', TIMESTAMP '2026-10-05 10:00:00', TIMESTAMP '2026-10-05 10:00:00');
        """;

    [Fact]
    public async Task A_warehouse_with_the_old_string_key_keeps_every_lead_state_and_its_views_work_after_the_move()
    {
        var dir = Path.Combine(Path.GetTempPath(), "coldemail-keyed-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A warehouse of the previous version: full schema and views, then ops_inst_state as it was.
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, "warehouse.duckdb");
            await using (var old = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(path)))
            {
                await old.EnsureSchemaAsync();
            }
            Sql(path, "DROP TABLE ops_inst_state");
            Sql(path, UnkeyedTable);

            await using var wh = await TempWarehouse.CreateAsync(dir: dir);

            Assert.Empty(PrimaryKey(wh.Path));
            var rows = Query(wh.Path, """
                SELECT email || '|' || campaign_id || '|' || status || '|' || instantly_lead_id
                       || '|' || (state_key = inst_state_key(email, campaign_id))
                FROM ops_inst_state ORDER BY email, campaign_id
                """);
            Assert.Equal(
                ["ann@shop.example|c-mid|completed|lead-2|true", "ann@shop.example|c-smb|active|lead-1|true", "bob@store.example|c-smb|quarantine|lead-3|true"],
                rows);
            Assert.Empty(Query(wh.Path, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'ops_inst_state_unkeyed'"));
            // The eligibility view reads the moved states: ann is active in smb, bob is quarantined, dee is ready.
            await wh.LoadAsync(Prospect("ann@shop.example"), Prospect("bob@store.example"), Prospect("dee@shop.example"));
            Assert.Equal(
                ["ann@shop.example|already active in Instantly (smb)", "bob@store.example|quarantined (smb)", "dee@shop.example|ready"],
                Query(wh.Path, "SELECT email || '|' || COALESCE(static_reason, 'ready') FROM v_lead_eligibility ORDER BY email"));

            // The next state of an existing pair updates its row instead of adding one.
            await wh.Warehouse.UpsertLeadStatesAsync([
                new LeadStateRow("ann@shop.example", "c-smb", "smb", LeadState.Completed, "lead-1", 200, "replied", TempWarehouse.Now),
                new LeadStateRow("cy@shop.example", "c-smb", "smb", LeadState.Active, "lead-4", 200, null, TempWarehouse.Now),
            ]);
            Assert.Equal(
                ["ann@shop.example|c-mid|completed", "ann@shop.example|c-smb|completed", "bob@store.example|c-smb|quarantine", "cy@shop.example|c-smb|active"],
                Query(wh.Path, "SELECT email || '|' || campaign_id || '|' || status FROM ops_inst_state ORDER BY email, campaign_id"));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Opening_a_keyed_warehouse_again_changes_nothing()
    {
        await using var wh = await TempWarehouse.CreateAsync();
        await wh.Warehouse.UpsertLeadStatesAsync([
            new LeadStateRow("ann@shop.example", "c-smb", "smb", LeadState.Active, "lead-1", 200, null, TempWarehouse.Now),
        ]);

        await wh.Warehouse.EnsureSchemaAsync();

        Assert.Empty(PrimaryKey(wh.Path));
        Assert.Equal(["ann@shop.example|active"], Query(wh.Path, "SELECT email || '|' || status FROM ops_inst_state"));
    }

    private static EligibleLeadRow Prospect(string email) =>
        new(email, "Shop", "shop.example", "shop.example", "NY", "US", 250_000m, 5, 100, 40m, null, "America/New_York");
}
