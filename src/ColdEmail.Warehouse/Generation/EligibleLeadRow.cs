namespace ColdEmail.Warehouse.Generation;

/// <summary>A raw <c>eligible_leads</c> row exactly as a business system might deliver it (any field may be dirty).</summary>
public sealed record EligibleLeadRow(
    string? Email,
    string? MerchantName,
    string? PlatformDomain,
    string? Domain,
    string? State,
    string? CountryCode,
    decimal? EstimatedSalesYearly,
    int? EmployeeCount,
    int? ProductCount,
    decimal? AvgPrice,
    DateTimeOffset? KlaviyoInstalledAt,
    string? Timezone,
    string? Industry = null);
