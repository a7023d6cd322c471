using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdEmail.Pipeline.Settings;

/// <summary>HOCON durations: a number and a unit (ms, s, m, h, d, and their long forms).</summary>
public static partial class DurationParser
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        double? ms = match.Groups["u"].Value.ToLowerInvariant() switch
        {
            "ms" or "milli" or "millis" or "millisecond" or "milliseconds" => n,
            "s" or "second" or "seconds" => n * 1_000,
            "m" or "min" or "minute" or "minutes" => n * 60_000,
            "h" or "hour" or "hours" => n * 3_600_000,
            "d" or "day" or "days" => n * 86_400_000,
            _ => null,
        };
        if (ms is null || ms > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        value = TimeSpan.FromMilliseconds(ms.Value);
        return true;
    }

    /// <summary>The shortest exact HOCON form: 90m → "90m", 2h → "2h", 0.5 s → "500ms".</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        if (value.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerDay}d";
        }
        if (value.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerHour}h";
        }
        if (value.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerMinute}m";
        }
        if (value.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            return $"{value.Ticks / TimeSpan.TicksPerSecond}s";
        }
        return $"{value.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(\.[0-9]+)?)\s*(?<u>[a-zA-Z]+)$")]
    private static partial Regex Pattern();
}
