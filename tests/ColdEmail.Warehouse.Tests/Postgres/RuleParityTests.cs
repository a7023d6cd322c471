using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresRuleParityTests(PostgresServer server) : RuleParityContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync(server);

    protected override int Iterations => 8;
}
