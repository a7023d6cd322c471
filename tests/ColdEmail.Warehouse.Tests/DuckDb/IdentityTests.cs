using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class IdentityTests : IdentityContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();
}
