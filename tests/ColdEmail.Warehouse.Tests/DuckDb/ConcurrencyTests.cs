using ColdEmail.Warehouse.Tests.Contract;

namespace ColdEmail.Warehouse.Tests.DuckDb;

public sealed class ConcurrencyTests : ConcurrencyContract
{
    protected override async Task<IWarehouseHarness> CreateAsync() => await TempWarehouse.CreateAsync();

    [Fact]
    public async Task Two_adapters_on_the_same_file_in_one_process_share_the_database()
    {
        await using var t = await TempWarehouse.CreateAsync();
        await using var second = new ColdEmail.Warehouse.DuckDb.DuckDbLeadWarehouse(new(t.Path, null, t.Clock));

        await t.Warehouse.WriteConfigAsync("k", "{}", TempWarehouse.Now);

        Assert.Equal("k", Assert.Single(await second.ReadConfigAsync()).Key);
    }
}
