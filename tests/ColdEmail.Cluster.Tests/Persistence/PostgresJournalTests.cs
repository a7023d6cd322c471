using ColdEmail.Cli.Tests;
using ColdEmail.Pipeline.Persistence;
using ColdEmail.Warehouse.Tests.Postgres;
using Npgsql;

namespace ColdEmail.Cluster.Tests.Persistence;

/// <summary>The journal on PostgreSQL as a user meets it: `coldemail init` creates the tables, then runs persist and recover there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalTests(PostgresServer server) : IAsyncLifetime
{
    private readonly TempWorkspace _ws = new();
    private readonly string _database = "journal_" + Guid.NewGuid().ToString("N")[..12];
    private string _connection = "";

    public async Task InitializeAsync()
    {
        _connection = await server.CreateDatabaseAsync(_database);
        // The password is ignored by the trust-authenticated test server; it is here to prove it never leaks.
        _ws.Environment["COLDEMAIL_JOURNAL_POSTGRES"] = _connection + ";Password=hunter2-secret";
        _ws.WriteConfig("coldemail.persistence.kind = postgres");
    }

    public async Task DisposeAsync()
    {
        _ws.Dispose();
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Init_creates_the_journal_snapshot_and_sharding_tables_and_running_it_again_changes_nothing()
    {
        Assert.Empty(await TablesAsync());

        var first = await _ws.RunAsync("init");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("journal, snapshot and sharding tables ready", first.Out);
        Assert.Equal(JournalHosting.PostgresTables.Order(StringComparer.Ordinal), await TablesAsync());

        var again = await _ws.RunAsync("init");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(JournalHosting.PostgresTables.Order(StringComparer.Ordinal), await TablesAsync());
        Assert.DoesNotContain("hunter2-secret", first.Out + first.Err + again.Out + again.Err);
    }

    [Fact]
    public async Task A_sync_journals_its_ledger_in_postgres_and_the_next_run_recovers_it()
    {
        await using var sandbox = await _ws.StartWorkspaceAsync("coldemail.persistence.kind = postgres");
        await _ws.SeedProspectsAsync(60);
        Assert.Equal(0, (await _ws.RunAsync("init")).ExitCode);

        var first = await _ws.RunAsync("sync", "--once");
        Assert.True(first.ExitCode == 0, first.ToString());
        var events = await CountAsync($"SELECT count(*) FROM {JournalHosting.JournalTable} WHERE persistence_id LIKE 'campaign-%'");
        Assert.True(events > 0, "the campaign ledgers were not journalled in PostgreSQL");

        // A second process recovers the ledgers from PostgreSQL before it runs, and appends after them.
        var second = await _ws.RunAsync("sync", "--once");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(await CountAsync($"SELECT count(*) FROM {JournalHosting.JournalTable} WHERE persistence_id LIKE 'campaign-%'") >= events);
        Assert.DoesNotContain("hunter2-secret", first.Out + first.Err + second.Out + second.Err);
    }

    [Fact]
    public async Task Kind_postgres_without_a_connection_string_exits_2_naming_the_key()
    {
        _ws.Environment.Remove("COLDEMAIL_JOURNAL_POSTGRES");
        var r = await _ws.RunAsync("init");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("coldemail.persistence.postgres.connection-string", r.Err);
    }

    private async Task<List<string>> TablesAsync()
    {
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'coldemail_%' ORDER BY table_name", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(_connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }
}
