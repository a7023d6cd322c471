namespace ColdEmail.Warehouse.Postgres;

/// <summary>
/// Where the PostgreSQL warehouse lives. <paramref name="ConnectionString"/> is a secret: it is never logged
/// and <see cref="ToString"/> leaves it out.
/// </summary>
/// <paramref name="Routing"/> is rendered into the views' <c>sequence_target</c> when they are created (default: smb/midsize);
/// <paramref name="VerificationEnabled"/> (the configuration file's flag) is the view's fallback under the config table row.
public sealed record PostgresWarehouseOptions(string ConnectionString, TimeProvider? TimeProvider = null,
    ColdEmail.Domain.Routing.CampaignRouting? Routing = null, bool VerificationEnabled = true)
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
