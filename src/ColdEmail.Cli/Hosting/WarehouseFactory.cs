using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;
using ColdEmail.Warehouse.BigQuery;
using ColdEmail.Warehouse.DuckDb;
using ColdEmail.Warehouse.Postgres;

namespace ColdEmail.Cli.Hosting;

/// <summary>Opens the warehouse adapter coldemail.warehouse.kind names.</summary>
public static class WarehouseFactory
{
    public static ILeadWarehouse Open(ColdEmailSettings settings, TimeProvider time, Action<string>? onLockWait = null)
    {
        switch (settings.Warehouse.Kind)
        {
            case WarehouseKind.DuckDb:
                var path = Path.GetFullPath(settings.Warehouse.DuckDb.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                return new DuckDbLeadWarehouse(new DuckDbWarehouseOptions(path, settings.Warehouse.DuckDb.EligibleLeadsFile, time, settings.Campaigns.Routing,
                    Lease.DuckDbResources.From(settings, onLockWait), settings.FeatureFlags.EmailVerificationEnabled));
            case WarehouseKind.BigQuery:
                var bq = settings.Warehouse.BigQuery;
                try
                {
                    return new BigQueryLeadWarehouse(
                        new HttpClient { Timeout = TimeSpan.FromMinutes(5) },
                        new BigQueryWarehouseOptions(bq.Project, bq.Dataset, bq.Location, bq.CredentialsFile, TimeProvider: time, Routing: settings.Campaigns.Routing,
                            VerificationEnabled: settings.FeatureFlags.EmailVerificationEnabled));
                }
                catch (ArgumentException e)
                {
                    throw new CliUsageException($"coldemail.warehouse.bigquery: {e.Message}");
                }
            case WarehouseKind.Postgres:
                var connectionString = settings.Warehouse.Postgres.ConnectionString;
                if (!connectionString.IsSet)
                    throw new CliUsageException(
                        "coldemail.warehouse.postgres.connection-string must be set (or COLDEMAIL_POSTGRES) when coldemail.warehouse.kind = postgres");
                try
                {
                    return new PostgresLeadWarehouse(new PostgresWarehouseOptions(connectionString.Reveal(), time, settings.Campaigns.Routing, settings.FeatureFlags.EmailVerificationEnabled));
                }
                catch (ArgumentException e)
                {
                    // The adapter's message never contains the string itself: it is a secret.
                    throw new CliUsageException($"coldemail.warehouse.postgres.connection-string: {e.Message}");
                }
            default:
                throw new CliUsageException(
                    $"coldemail.warehouse.kind = {settings.Warehouse.Kind.ToString().ToLowerInvariant()} is not available in this build; use duckdb, bigquery or postgres");
        }
    }

    /// <summary>True when opening the warehouse would not create anything (an existing DuckDB file, or a remote warehouse).</summary>
    public static bool Exists(ColdEmailSettings settings) =>
        settings.Warehouse.Kind != WarehouseKind.DuckDb || File.Exists(settings.Warehouse.DuckDb.Path);

    public static async ValueTask CloseAsync(ILeadWarehouse warehouse)
    {
        switch (warehouse)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }
}
