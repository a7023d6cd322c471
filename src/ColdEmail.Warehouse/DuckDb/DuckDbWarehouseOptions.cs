namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Where the embedded warehouse lives. <paramref name="EligibleLeadsFile"/> (a .csv or .parquet file) makes
/// <c>eligible_leads</c> a view over that file instead of a table.
/// </summary>
public sealed record DuckDbWarehouseOptions(string Path, string? EligibleLeadsFile = null, TimeProvider? TimeProvider = null, DuckDbResourceOptions? Resources = null);
