namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// Where the PostgreSQL warehouse lives. <paramref name="ConnectionString"/> is a secret: it is never logged
/// and <see cref="ToString"/> leaves it out.
/// </summary>
public sealed record PostgresWarehouseOptions(string ConnectionString, TimeProvider? TimeProvider = null)
{
    public override string ToString() => $"PostgresWarehouseOptions {{ Target = {Describe(ConnectionString)} }}";

    /// <summary>"host:port/database" for messages: never the user name or password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return $"{b.Host}:{b.Port}/{b.Database}";
        }
        catch (ArgumentException)
        {
            return "(invalid connection string)";
        }
    }
}
