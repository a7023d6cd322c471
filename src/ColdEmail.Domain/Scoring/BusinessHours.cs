using System.Collections.Concurrent;

namespace ColdEmail.Domain.Scoring;

/// <summary>Monday–Friday, 09:00 ≤ local time &lt; 17:00 in an IANA time zone.</summary>
public static class BusinessHours
{
    public static readonly TimeOnly Start = new(9, 0);
    public static readonly TimeOnly End = new(17, 0);

    // The BCL caches zones it finds but not the ones it fails to find; a warehouse full of one bad
    // zone name would otherwise probe the zone database once per lead. Bounded so junk cannot grow it.
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>
    /// Null when the zone is unknown or invalid: a bad zone in the warehouse must cost the lead its
    /// timing points, never stop the run.
    /// </summary>
    public static DateTimeOffset? LocalTime(string? ianaTimeZone, DateTimeOffset now)
    {
        var zone = FindZone(ianaTimeZone);
        return zone is null ? null : TimeZoneInfo.ConvertTime(now, zone);
    }

    public static TimeZoneInfo? FindZone(string? ianaTimeZone)
    {
        // Not trimmed: the views look the zone up by its exact name, and the SQL is the truth.
        if (string.IsNullOrEmpty(ianaTimeZone)) return null;
        var id = ianaTimeZone;
        if (Zones.TryGetValue(id, out var cached)) return cached;
        var zone = Lookup(id);
        if (Zones.Count < CacheLimit) Zones.TryAdd(id, zone);
        return zone;
    }

    public static bool IsInside(DateTimeOffset local)
    {
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return false;
        var t = TimeOnly.FromDateTime(local.DateTime);
        return t >= Start && t < End;
    }

    private static TimeZoneInfo? Lookup(string id)
    {
        // Ids are file names under the zone database: refuse anything that could leave it.
        if (id.Contains("..", StringComparison.Ordinal) || id.StartsWith('/') || id.Contains('\0') || id.Contains('\\')) return null;
        try
        {
            // The BCL caches zones ignoring case, so once "America/New_York" was found "america/new_york" would be
            // too (and only then: order-dependent). The views match the name exactly; so does the specification.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return string.Equals(zone.Id, id, StringComparison.Ordinal) ? zone : null;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException
                                      or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
