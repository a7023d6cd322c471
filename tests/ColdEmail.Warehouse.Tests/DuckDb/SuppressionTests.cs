using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class SuppressionTests : SuppressionContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();
}
