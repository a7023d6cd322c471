namespace ColdEmail.Pipeline.Settings;

public enum WarehouseKind
{
    DuckDb,
    BigQuery,
    Postgres,
}

/// <summary>coldemail.warehouse: which warehouse adapter and its connection.</summary>
public sealed record WarehouseSettings(
    WarehouseKind Kind,
    DuckDbSettings DuckDb,
    BigQuerySettings BigQuery,
    PostgresSettings Postgres);

/// <summary>coldemail.warehouse.duckdb. <paramref name="EligibleLeadsFile"/> is a CSV or Parquet file, or null.</summary>
public sealed record DuckDbSettings(string Path, string? EligibleLeadsFile);

/// <summary>coldemail.warehouse.bigquery. <paramref name="CredentialsFile"/> null means application default credentials.</summary>
public sealed record BigQuerySettings(string Project, string Dataset, string Location, string? CredentialsFile);

/// <summary>coldemail.warehouse.postgres.</summary>
public sealed record PostgresSettings(Secret ConnectionString);
