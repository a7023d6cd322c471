namespace ColdEmail.Domain.Leads;

/// <summary>
/// A qualified prospect as the warehouse view <c>v_ready_for_instantly</c> returns it. The email is
/// the raw text from the warehouse; <see cref="EmailAddress"/> normalises and validates it.
/// </summary>
public sealed record Prospect(
    string Email,
    string? MerchantName,
    string? PlatformDomain,
    string? State,
    string? CountryCode,
    decimal? EstimatedSalesYearly,
    int? EmployeeCount,
    int? ProductCount,
    decimal? AvgPrice,
    DateTimeOffset? KlaviyoInstalledAt,
    string? Timezone,
    string? SequenceTarget = null,
    int Score = 0);
