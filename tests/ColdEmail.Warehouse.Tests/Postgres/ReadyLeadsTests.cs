using ColdEmail.Warehouse.Tests.Contract;
using ColdEmail.Warehouse.Tests.DuckDb;

namespace ColdEmail.Warehouse.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadyLeadsTests(PostgresServer server) : ReadyLeadsContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync(server);

    protected override async Task<IWarehouseHarness> CreateAsync(bool fileVerificationFlag) => await TempWarehouse.CreateAsync(server, fileVerificationFlag);

    [Fact]
    public async Task The_view_itself_agrees_with_the_adapter_at_the_same_clock()
    {
        await using var t = await TempWarehouse.CreateAsync(server);
        var rows = new ColdEmail.Warehouse.Generation.ProspectGenerator(7).Generate(3_000).ToArray();
        await t.Warehouse.LoadEligibleLeadsAsync(rows);
        await t.Warehouse.AddSuppressionsAsync([new Suppression(rows.First(r => r.Email?.Contains('@') == true).Email!.Trim().ToLowerInvariant(), "bounced", TempWarehouse.Now)]);

        await using var conn = new Npgsql.NpgsqlConnection(t.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT email FROM v_ready_for_instantly", conn);
        var fromView = new List<string>();
        var viewNow = DateTimeOffset.UtcNow;
        await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) fromView.Add(r.GetString(0));

        var fromAdapter = await t.Warehouse.StreamReadyLeadsAsync(All(now: viewNow)).ToListAsync();

        Assert.True(fromView.Count > 2_000, $"only {fromView.Count} ready rows");
        Assert.Equal(fromAdapter.Select(p => p.Email).Order(StringComparer.Ordinal), fromView.Order(StringComparer.Ordinal));
    }
}
