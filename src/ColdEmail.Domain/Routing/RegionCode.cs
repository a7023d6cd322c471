namespace ColdEmail.Domain.Routing;

/// <summary>
/// How a lead's <c>state</c> and <c>country_code</c> are compared, in C# and in every SQL dialect's
/// <c>v_lead_eligibility</c> (its <c>region_state</c> / <c>region_country</c> columns): ASCII white space trimmed from
/// both ends, then upper-cased. Only ASCII white space: the warehouses' TRIM sets are ASCII, and a code with any other
/// character matches no configured code anyway (configured codes are 2–3 ASCII letters or digits).
/// </summary>
public static class RegionCode
{
    private static readonly char[] AsciiWhiteSpace = [' ', '\t', '\n', '\v', '\f', '\r'];

    public static string? Normalise(string? raw) => raw?.Trim(AsciiWhiteSpace).ToUpperInvariant();

    /// <summary>A code a campaign may name: 2–3 ASCII letters or digits (ISO 3166-1 alpha-2, ISO 3166-2 subdivisions).</summary>
    public static bool IsValidConfigured(string code) =>
        code.Length is >= 2 and <= 3 && code.All(char.IsAsciiLetterOrDigit);
}
