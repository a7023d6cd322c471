using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Rejects keys the defaults do not know, so a typo (`inventory-multiplyer`) is an error naming the key
/// instead of a silently ignored line. New campaigns are allowed under coldemail.campaigns, and anything
/// under `akka` is passed to Akka.NET untouched.
/// </summary>
internal static class KeyValidator
{
    internal static readonly string[] CampaignFields = ["id", "min-revenue", "max-revenue", "countries", "states", "daily-limit", "sequence-length", "enabled"];

    public static void Check(Config user, Config defaults, string source, List<SettingsError> errors)
    {
        if (user.IsEmpty)
        {
            return;
        }
        Walk(user.Root.GetObject(), "", defaults, source, errors);
    }

    private static void Walk(HoconObject node, string prefix, Config defaults, string source, List<SettingsError> errors)
    {
        foreach (var (name, value) in node.Items)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (path == "akka" || path.StartsWith("akka.", StringComparison.Ordinal))
            {
                continue;
            }
            if (path.StartsWith(CustomVariableSettings.Key + ".", StringComparison.Ordinal))
            {
                // Variable names are the user's own; CustomVariableSettings checks each one and its column.
                continue;
            }
            if (IsCampaign(path))
            {
                if (!value.IsObject())
                {
                    errors.Add(new SettingsError(path, $"expected a campaign section {{ id = ..., daily-limit = ... }} ({source})"));
                    continue;
                }
                foreach (var (field, fieldValue) in value.GetObject().Items)
                {
                    var fieldPath = path + "." + field;
                    if (!CampaignFields.Contains(field))
                    {
                        errors.Add(new SettingsError(fieldPath, $"unknown key ({source}); a campaign has {string.Join(", ", CampaignFields)}"));
                    }
                    else if (fieldValue.IsObject())
                    {
                        errors.Add(new SettingsError(fieldPath, $"expected a single value, got a section ({source})"));
                    }
                }
                continue;
            }
            if (!defaults.HasPath(path))
            {
                errors.Add(new SettingsError(path, $"unknown key ({source})"));
                continue;
            }
            var known = defaults.GetValue(path);
            if (value.IsObject() && known.IsObject())
            {
                Walk(value.GetObject(), path, defaults, source, errors);
            }
            else if (known.IsObject())
            {
                errors.Add(new SettingsError(path, $"is a section, not a value ({source})"));
            }
            else if (value.IsObject())
            {
                errors.Add(new SettingsError(path, $"expected a single value, got a section ({source})"));
            }
        }
    }

    private static bool IsCampaign(string path) =>
        path.StartsWith("coldemail.campaigns.", StringComparison.Ordinal)
        && path.Count(c => c == '.') == 2;
}
