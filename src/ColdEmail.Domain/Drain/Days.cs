using System.Globalization;

namespace ColdEmail.Domain.Drain;

/// <summary>Dates and times in explanations: invariant, UTC.</summary>
internal static class Days
{
    public static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    public static string Whole(double days) => Math.Floor(Math.Max(0, days)).ToString("0", CultureInfo.InvariantCulture);
}
