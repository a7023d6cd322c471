using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Support;

/// <summary>
/// A test class whose tests each get a fresh <see cref="ClusterWorld"/> on their own PostgreSQL database (named after the
/// class's prefix), dropped afterwards, so no journal or sharding state leaks from one test into the next.
/// </summary>
public abstract class ClusterWorldTest(PostgresServer server, string prefix, bool simulatedClock = false) : IAsyncLifetime
{
    private readonly string _database = prefix + "_" + Guid.NewGuid().ToString("N")[..12];

    protected ClusterWorld World { get; private set; } = null!;

    public async Task InitializeAsync() => World = await ClusterWorld.CreateAsync(server, _database, simulatedClock);

    public virtual async Task DisposeAsync()
    {
        await World.DisposeAsync();
        await server.DropDatabaseAsync(_database);
    }
}
