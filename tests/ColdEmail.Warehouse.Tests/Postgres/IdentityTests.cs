using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdentityTests(PostgresServer server) : IdentityContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync(server);
}
