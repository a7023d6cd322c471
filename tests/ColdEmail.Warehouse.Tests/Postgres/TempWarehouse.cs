using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Postgres;
using ColdEmail.Warehouse.Tests.Contract;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.Postgres;

/// <summary>A real PostgreSQL warehouse in its own fresh database, on a fake clock, dropped afterwards.</summary>
public sealed class TempWarehouse : IWarehouseHarness
{
    // The same instant as the DuckDB tests: a Wednesday, 15:00 UTC.
    public static readonly DateTimeOffset Now = DuckDb.TempWarehouse.Now;

    private readonly PostgresServer _server;
    private readonly string _database;

    private TempWarehouse(PostgresServer server, string database, string connectionString, PostgresLeadWarehouse warehouse, FakeTimeProvider clock)
    {
        _server = server;
        _database = database;
        ConnectionString = connectionString;
        Warehouse = warehouse;
        Clock = clock;
    }

    public string ConnectionString { get; }
    public PostgresLeadWarehouse Warehouse { get; }
    ILeadWarehouse IWarehouseHarness.Warehouse => Warehouse;
    public FakeTimeProvider Clock { get; }

    public static async Task<TempWarehouse> CreateAsync(PostgresServer server, bool verificationEnabled = true)
    {
        var name = "wh_" + Guid.NewGuid().ToString("N");
        var cs = await server.CreateDatabaseAsync(name);
        var clock = new FakeTimeProvider(Now);
        var wh = new PostgresLeadWarehouse(new PostgresWarehouseOptions(cs, clock, VerificationEnabled: verificationEnabled));
        await wh.EnsureSchemaAsync();
        return new TempWarehouse(server, name, cs, wh, clock);
    }

    public Task LoadAsync(params EligibleLeadRow[] rows) => Warehouse.LoadEligibleLeadsAsync(rows);

    public Task<long> LoadEligibleLeadsAsync(IEnumerable<EligibleLeadRow> rows) => Warehouse.LoadEligibleLeadsAsync(rows);

    public async Task<IReadOnlyList<string>> ReadReadyViewAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT email FROM v_ready_for_instantly ORDER BY email COLLATE \"C\"", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<string>();
        while (await r.ReadAsync()) list.Add(r.GetString(0));
        return list;
    }

    public async Task<IReadOnlyList<ViewIdentity>> ReadViewIdentitiesAsync()
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT raw_email, email, static_reason FROM v_lead_eligibility", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<ViewIdentity>();
        while (await r.ReadAsync())
            list.Add(new ViewIdentity(r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));
        return list;
    }

    public static EligibleLeadRow Lead(string? email, decimal? revenue = 250_000m, string? state = "OH", string? country = "US",
        string? timezone = null, string? merchant = "Shop", int? products = 10, decimal? avgPrice = 20m,
        DateTimeOffset? klaviyo = null) =>
        DuckDb.TempWarehouse.Lead(email, revenue, state, country, timezone, merchant, products, avgPrice, klaviyo);

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
    }
}
