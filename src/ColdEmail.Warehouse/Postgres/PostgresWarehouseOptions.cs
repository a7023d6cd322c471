namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// Where the PostgreSQL warehouse lives. <paramref name="ConnectionString"/> is a secret: it is never logged
/// and <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record PostgresWarehouseOptions(string ConnectionString, TimeProvider? TimeProvider = null)
{
    public override string ToString() => "PostgresWarehouseOptions { ConnectionString = *** }";
}
