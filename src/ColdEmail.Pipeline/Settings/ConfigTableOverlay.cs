using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Configuration;
using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Maps the warehouse <c>config</c> table onto HOCON keys so it can be layered over the file:
/// <list type="bullet">
/// <item><c>feature_flags</c> {email_verification_enabled: true, …} → coldemail.feature-flags.email-verification-enabled</item>
/// <item><c>processing_limits</c> {max_leads_per_run: 100, …} → coldemail.limits.max-leads-per-run</item>
/// <item><c>campaign_config</c> {smb_revenue_threshold, campaigns: {smb: {id, daily_limit, sequence_length}}} →
///   coldemail.campaigns.smb.max-revenue / midsize.min-revenue and coldemail.campaigns.&lt;name&gt;.&lt;field&gt;</item>
/// <item>any row whose key is a full HOCON key (<c>coldemail.rate-limit.min-delay</c>) with a JSON scalar value.</item>
/// </list>
/// A row that would set a key <see cref="ConfigTableRules"/> refuses (connections, secrets, notification URLs) is
/// ignored as a whole with a warning naming the row and the key; the other rows still apply.
/// </summary>
public static class ConfigTableOverlay
{
    public const string FeatureFlagsRow = "feature_flags";
    public const string ProcessingLimitsRow = "processing_limits";
    public const string CampaignConfigRow = "campaign_config";

    /// <summary>The campaigns the seed's smb_revenue_threshold splits: below it → smb, at or above → midsize.</summary>
    public const string ThresholdLowCampaign = "smb";
    public const string ThresholdHighCampaign = "midsize";

    /// <summary>The HOCON key/value pairs a set of rows stands for (values as HOCON literals).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToPairs(IReadOnlyList<ConfigEntry> rows, List<SettingsError> errors, List<string> warnings)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var row in rows)
        {
            if (WhyRowRefused(row) is { } why)
            {
                // Never the value: the refused key may be a secret.
                warnings.Add($"config table row '{row.Key}' ignored: {why}");
                continue;
            }
            pairs.AddRange(RowPairs(row, errors, warnings));
        }
        return pairs;
    }

    /// <summary>Why the config table may not hold this row (naming the key it would set), or null when it may.</summary>
    public static string? WhyRowRefused(ConfigEntry row)
    {
        var keys = row.Key.StartsWith("coldemail.", StringComparison.Ordinal)
            ? [row.Key]
            : RowPairs(row, [], []).Select(p => p.Key).ToList();
        return keys.Select(k => ConfigTableRules.WhyRefused(k) is { } why ? $"{k} may not be set from the config table: {why}" : null)
            .FirstOrDefault(w => w is not null);
    }

    private static List<KeyValuePair<string, string>> RowPairs(ConfigEntry row, List<SettingsError> errors, List<string> warnings)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        JsonElement json;
        try
        {
            using var doc = JsonDocument.Parse(row.ValueJson);
            json = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            errors.Add(new SettingsError($"config table row {row.Key}", "value_json is not valid JSON: " + e.Message));
            return pairs;
        }

        switch (row.Key)
        {
            case FeatureFlagsRow:
                Section(row.Key, json, "coldemail.feature-flags", pairs, errors);
                break;
            case ProcessingLimitsRow:
                Section(row.Key, json, "coldemail.limits", pairs, errors);
                break;
            case CampaignConfigRow:
                CampaignConfig(row.Key, json, pairs, errors);
                break;
            default:
                if (row.Key.StartsWith("coldemail.", StringComparison.Ordinal))
                {
                    Scalar(row.Key, row.Key, json, pairs, errors);
                }
                else
                {
                    warnings.Add($"config table row '{row.Key}' is not a ColdEmail setting; ignored");
                }
                break;
        }
        return pairs;
    }

    internal static Config ToHocon(IReadOnlyList<ConfigEntry> rows, List<SettingsError> errors, List<string> warnings)
    {
        var pairs = ToPairs(rows, errors, warnings);
        if (pairs.Count == 0)
        {
            return Config.Empty;
        }
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            text.Append(QuotePath(key)).Append(" = ").Append(value).Append('\n');
        }
        return ConfigurationFactory.ParseString(text.ToString());
    }

    /// <summary>seed name (snake_case) → HOCON name (kebab-case).</summary>
    public static string ToHoconName(string seedName) => seedName.Trim().Replace('_', '-').ToLowerInvariant();

    /// <summary>HOCON name (kebab-case) → seed name (snake_case).</summary>
    public static string ToSeedName(string hoconName) => hoconName.Replace('-', '_');

    private static void Section(string row, JsonElement json, string prefix, List<KeyValuePair<string, string>> pairs, List<SettingsError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError($"config table row {row}", "expected a JSON object"));
            return;
        }
        foreach (var prop in json.EnumerateObject())
        {
            Scalar(row, prefix + "." + ToHoconName(prop.Name), prop.Value, pairs, errors);
        }
    }

    private static void CampaignConfig(string row, JsonElement json, List<KeyValuePair<string, string>> pairs, List<SettingsError> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError($"config table row {row}", "expected a JSON object"));
            return;
        }
        foreach (var prop in json.EnumerateObject())
        {
            switch (prop.Name)
            {
                case "smb_revenue_threshold":
                    Scalar(row, $"coldemail.campaigns.{ThresholdLowCampaign}.max-revenue", prop.Value, pairs, errors);
                    Scalar(row, $"coldemail.campaigns.{ThresholdHighCampaign}.min-revenue", prop.Value, pairs, errors);
                    break;
                case "unknown_revenue_campaign":
                    Scalar(row, "coldemail.routing.unknown-revenue-campaign", prop.Value, pairs, errors);
                    break;
                case "campaigns" when prop.Value.ValueKind == JsonValueKind.Object:
                    foreach (var campaign in prop.Value.EnumerateObject())
                    {
                        if (campaign.Value.ValueKind != JsonValueKind.Object)
                        {
                            errors.Add(new SettingsError($"config table row {row}: campaigns.{campaign.Name}", "expected a JSON object"));
                            continue;
                        }
                        var name = campaign.Name.Trim().ToLowerInvariant();
                        Section(row, campaign.Value, "coldemail.campaigns." + name, pairs, errors);
                    }
                    break;
                default:
                    errors.Add(new SettingsError($"config table row {row}: {prop.Name}", "unknown key; expected smb_revenue_threshold, unknown_revenue_campaign or campaigns"));
                    break;
            }
        }
    }

    private static void Scalar(string row, string key, JsonElement value, List<KeyValuePair<string, string>> pairs, List<SettingsError> errors)
    {
        string? literal = value.ValueKind switch
        {
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
            _ => null,
        };
        if (literal is null)
        {
            errors.Add(new SettingsError(key, $"expected a single value in config table row {row}, got a JSON {value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture)}"));
            return;
        }
        pairs.Add(new KeyValuePair<string, string>(key, literal));
    }

    private static string QuotePath(string key) =>
        string.Join('.', key.Split('.').Select(segment =>
            segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? segment : JsonSerializer.Serialize(segment)));
}
