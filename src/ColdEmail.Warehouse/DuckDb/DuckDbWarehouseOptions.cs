namespace ColdEmail.Warehouse.DuckDb;

/// <summary>
/// Where the embedded warehouse lives. <paramref name="EligibleLeadsFile"/> (a .csv or .parquet file) makes
/// <c>eligible_leads</c> a view over that file instead of a table. <paramref name="Routing"/> is rendered into the
/// views' <c>sequence_target</c> when they are created (default: the seed's smb/midsize split);
/// <paramref name="VerificationEnabled"/> (the configuration file's flag) is the view's fallback under the config table row.
/// </summary>
public sealed record DuckDbWarehouseOptions(string Path, string? EligibleLeadsFile = null, TimeProvider? TimeProvider = null,
    ColdEmail.Domain.Routing.CampaignRouting? Routing = null, DuckDbResourceOptions? Resources = null, bool VerificationEnabled = true);
