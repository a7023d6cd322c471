using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class RuleParityTests : RuleParityContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();

    protected override int Iterations => 12;
}
