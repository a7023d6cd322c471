using ColdEmail.Domain.Leads;
using ColdEmail.Warehouse.Tests.Contract;

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
}
