using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Reads typed values out of merged HOCON, collecting one error per bad key (wrong type, out of range)
/// instead of stopping at the first, so `config check` can show them all.
/// </summary>
internal sealed class HoconReader(Config config, List<SettingsError> errors)
{
    public List<SettingsError> Errors => errors;

    public string String(string key, bool allowEmpty = true)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return "";
        }
        if (!allowEmpty && raw.Length == 0)
        {
            Fail(key, "must not be empty");
        }
        return raw;
    }

    public string? OptionalString(string key)
    {
        var raw = Scalar(key);
        return string.IsNullOrWhiteSpace(raw) || raw == "null" ? null : raw;
    }

    public int Int(string key, int min, int max)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return min;
        }
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Fail(key, $"expected a whole number, got '{raw}'");
            return min;
        }
        if (value < min || value > max)
        {
            Fail(key, $"{value} is out of range; allowed {min}..{max}");
        }
        return value;
    }

    public double Double(string key, double minExclusive, double maxInclusive)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return maxInclusive;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Fail(key, $"expected a number, got '{raw}'");
            return maxInclusive;
        }
        if (value <= minExclusive || value > maxInclusive)
        {
            Fail(key, $"{value.ToString(CultureInfo.InvariantCulture)} is out of range; allowed more than {minExclusive.ToString(CultureInfo.InvariantCulture)} and at most {maxInclusive.ToString(CultureInfo.InvariantCulture)}");
        }
        return value;
    }

    public bool Has(string key) => config.HasPath(key);

    public decimal? OptionalDecimal(string key)
    {
        if (!config.HasPath(key))
        {
            return null;
        }
        var raw = Scalar(key);
        if (string.IsNullOrWhiteSpace(raw) || raw == "null")
        {
            return null;
        }
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Fail(key, $"expected a number or null, got '{raw}'");
            return null;
        }
        if (value < 0)
        {
            Fail(key, $"{value} is out of range; must be 0 or more");
        }
        return value;
    }

    public bool Bool(string key)
    {
        var raw = Scalar(key);
        switch (raw?.ToLowerInvariant())
        {
            case null:
                return false;
            case "on" or "true" or "yes":
                return true;
            case "off" or "false" or "no":
                return false;
            default:
                Fail(key, $"expected on/off (true/false), got '{raw}'");
                return false;
        }
    }

    public TimeSpan Duration(string key, TimeSpan min, TimeSpan? max = null)
    {
        var raw = Scalar(key);
        if (raw is null)
        {
            return min;
        }
        if (!DurationParser.TryParse(raw, out var value))
        {
            Fail(key, $"expected a duration with a unit (500ms, 2s, 30m, 2h, 1d), got '{raw}'");
            return min;
        }
        if (value < min || (max is { } upper && value > upper))
        {
            Fail(key, $"{raw} is out of range; allowed {DurationParser.Format(min)}..{(max is { } m ? DurationParser.Format(m) : "unbounded")}");
        }
        return value;
    }

    public Uri? Url(string key, bool required)
    {
        var raw = Scalar(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (required)
            {
                Fail(key, "must not be empty");
            }
            return null;
        }
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            // The value may be a secret (a webhook URL carries its token): never echo it.
            Fail(key, "expected an absolute http(s) URL");
            return null;
        }
        return uri;
    }

    public IReadOnlyList<string> StringList(string key)
    {
        if (!config.HasPath(key))
        {
            Fail(key, "is missing");
            return [];
        }
        var value = config.GetValue(key);
        if (value.IsString() || value.IsObject())
        {
            Fail(key, "expected a list, e.g. [\"a\", \"b\"]");
            return [];
        }
        // Akka's HOCON does not report an empty [] as an array, but reads it as an empty list.
        return config.GetStringList(key).ToList();
    }

    public IReadOnlyList<string> SectionNames(string key)
    {
        if (!config.HasPath(key))
        {
            return [];
        }
        var value = config.GetValue(key);
        if (!value.IsObject())
        {
            Fail(key, "expected a section");
            return [];
        }
        return value.GetObject().Items.Keys.ToList();
    }

    public void Fail(string key, string message) => errors.Add(new SettingsError(key, message));

    private string? Scalar(string key)
    {
        if (!config.HasPath(key))
        {
            Fail(key, "is missing");
            return null;
        }
        HoconValue value = config.GetValue(key);
        if (value.IsObject() || value.IsArray())
        {
            Fail(key, "expected a single value, got a " + (value.IsArray() ? "list" : "section"));
            return null;
        }
        return value.GetString()?.Trim() ?? "";
    }
}
