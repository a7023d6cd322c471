using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Lease;
using ColdEmail.Warehouse.Postgres;
using ColdEmail.Warehouse.Tests.Postgres;
using Microsoft.Extensions.Time.Testing;

namespace ColdEmail.Warehouse.Tests.Lease;

public sealed class DuckDbLeaseTests : LeaseContract
{
    protected override async Task<(ILeaseWarehouse A, ILeaseWarehouse B, FakeTimeProvider Clock, IAsyncDisposable Cleanup)> CreatePairAsync()
    {
        var first = await DuckDb.TempWarehouse.CreateAsync();
        var second = new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(first.Path, TimeProvider: first.Clock));
        return (first.Warehouse, second, first.Clock, new Both(second, first));
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLeaseTests(PostgresServer server) : LeaseContract
{
    protected override async Task<(ILeaseWarehouse A, ILeaseWarehouse B, FakeTimeProvider Clock, IAsyncDisposable Cleanup)> CreatePairAsync()
    {
        var first = await Postgres.TempWarehouse.CreateAsync(server);
        var second = new PostgresLeadWarehouse(new PostgresWarehouseOptions(first.ConnectionString, first.Clock));
        return (first.Warehouse, second, first.Clock, new Both(second, first));
    }
}

internal sealed class Both(IAsyncDisposable inner, IAsyncDisposable outer) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await outer.DisposeAsync();
    }
}
