using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Tests.Contract;
using Npgsql;

namespace ColdEmail.Warehouse.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConcurrencyTests(PostgresServer server) : ConcurrencyContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync(server);

    [Fact]
    public async Task Two_processes_creating_the_schema_at_once_both_succeed_and_share_the_data()
    {
        await using var t = await TempWarehouse.CreateAsync(server);
        await using var other = new ColdEmail.Warehouse.Postgres.PostgresLeadWarehouse(new(t.ConnectionString, t.Clock));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => i % 2 == 0 ? t.Warehouse.EnsureSchemaAsync() : other.EnsureSchemaAsync()));
        await other.AddSuppressionsAsync([new Suppression("shared@x.com", "bounced", TempWarehouse.Now)]);

        Assert.Equal("bounced", (await t.Warehouse.FindSuppressionAsync("SHARED@x.com"))?.Reason);
    }

    [Fact]
    public async Task A_schema_update_picked_as_a_deadlock_victim_runs_again_and_the_node_starts()
    {
        // The shape of a node restarting under load: it replaces the views while other nodes read them. The reader here holds
        // the last view the schema replaces, so the schema transaction waits on it while holding the earlier ones; the
        // reader then asks for one of those, and PostgreSQL breaks the cycle by rolling the schema transaction back.
        await using var t = await TempWarehouse.CreateAsync(server);
        var deadlocksBefore = await DeadlocksAsync(t.ConnectionString);
        await using var reader = new NpgsqlConnection(t.ConnectionString);
        await reader.OpenAsync();
        await using var tx = await reader.BeginTransactionAsync();
        // The schema transaction waits first, so its own check finds the cycle; a long timeout here makes sure of it.
        await ExecAsync(reader, "SET LOCAL deadlock_timeout = '60s'");
        await ExecAsync(reader, "SELECT count(*) FROM report_campaign_performance");

        var ensure = t.Warehouse.EnsureSchemaAsync();
        await WaitForALockWaitAsync(t.ConnectionString, ensure);
        await ExecAsync(reader, "SELECT count(*) FROM v_lead_eligibility");
        await tx.CommitAsync();
        // The next attempt waits its back-off on the injected clock.
        while (!ensure.IsCompleted)
        {
            t.Clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(ensure, Task.Delay(20));
        }
        await ensure;

        Assert.True(await DeadlocksAsync(t.ConnectionString) > deadlocksBefore, "the test never made PostgreSQL detect a deadlock");
        await t.LoadAsync(TempWarehouse.Lead("after@shop.com"));
        Assert.Equal(["after@shop.com"], await t.ReadReadyViewAsync());
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> DeadlocksAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        // The statistics collector reports with a delay; a fresh snapshot is asked for first.
        await ExecAsync(conn, "SELECT pg_stat_clear_snapshot()");
        await using var cmd = new NpgsqlCommand("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task WaitForALockWaitAsync(string connectionString, Task ensure)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted", conn);
        for (var i = 0; i < 1_000; i++)
        {
            if (ensure.IsCompleted) throw new InvalidOperationException("the schema transaction never waited for the reader", ensure.Exception);
            if ((long)(await cmd.ExecuteScalarAsync())! > 0) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("the schema transaction never waited for the reader's lock");
    }
}
