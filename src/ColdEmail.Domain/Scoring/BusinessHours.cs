namespace ColdEmail.Domain.Scoring;

/// <summary>Monday–Friday, 09:00 ≤ local time &lt; 17:00 in an IANA time zone.</summary>
public static class BusinessHours
{
    public static readonly TimeOnly Start = new(9, 0);
    public static readonly TimeOnly End = new(17, 0);

    /// <summary>
    /// Null when the zone is unknown or invalid: a bad zone in the warehouse must cost the lead its
    /// timing points, never stop the run.
    /// </summary>
    public static DateTimeOffset? LocalTime(string? ianaTimeZone, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(ianaTimeZone)) return null;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(ianaTimeZone.Trim());
            return TimeZoneInfo.ConvertTime(now, zone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException)
        {
            return null;
        }
    }

    public static bool IsInside(DateTimeOffset local)
    {
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        var t = TimeOnly.FromDateTime(local.DateTime);
        return t >= Start && t < End;
    }
}
