using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class BadRowsTests : BadRowsContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();
}
