using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ColdEmail.Pipeline.Settings;
using ColdEmail.Warehouse;

namespace ColdEmail.Cli.Commands;

/// <summary>
/// Turns `config set KEY VALUE` into one config table row: the seed's rows keep their JSON shape
/// (coldemail.limits.X goes into processing_limits.X, feature flags into feature_flags,
/// campaign fields into campaign_config.campaigns.&lt;name&gt;); any other setting gets a row keyed by its HOCON key.
/// </summary>
public static class ConfigTableEdit
{
    public sealed record Result(string Row, string ValueJson);

    public static Result Apply(IReadOnlyList<ConfigEntry> table, string key, string value)
    {
        var result = Build(table, key.Trim(), value);
        // Refused before anything is written; the message names the key, never the value (it may be a secret).
        if (ConfigTableOverlay.WhyRowRefused(new ConfigEntry(result.Row, result.ValueJson, DateTimeOffset.UnixEpoch)) is { } why)
        {
            throw new CliUsageException(why);
        }
        return result;
    }

    private static Result Build(IReadOnlyList<ConfigEntry> table, string key, string value)
    {
        if (key.StartsWith("coldemail.", StringComparison.Ordinal) && ConfigTableRules.WhyRefused(key) is { } refused)
        {
            throw new CliUsageException($"{key} may not be set from the config table: {refused}");
        }
        if (key is ConfigTableOverlay.FeatureFlagsRow or ConfigTableOverlay.ProcessingLimitsRow or ConfigTableOverlay.CampaignConfigRow)
        {
            try
            {
                var node = JsonNode.Parse(value) as JsonObject ?? throw new CliUsageException($"the value of row {key} must be a JSON object");
                return new Result(key, node.ToJsonString());
            }
            catch (JsonException e)
            {
                throw new CliUsageException($"the value of row {key} is not valid JSON: {e.Message}");
            }
        }
        if (!key.StartsWith("coldemail.", StringComparison.Ordinal))
        {
            throw new CliUsageException($"unknown key '{key}': expected a coldemail.* key or one of feature_flags, processing_limits, campaign_config");
        }
        if (!SettingsFlattener.Flatten(ColdEmailSettings.Defaults).Any(l => l.Key == key) && !IsCampaignField(key))
        {
            throw new CliUsageException($"{key}: unknown key");
        }

        var scalar = Scalar(value);
        var parts = key.Split('.');
        if (key.StartsWith("coldemail.limits.", StringComparison.Ordinal))
        {
            return Merge(table, ConfigTableOverlay.ProcessingLimitsRow, [ConfigTableOverlay.ToSeedName(parts[2])], scalar);
        }
        if (key.StartsWith("coldemail.feature-flags.", StringComparison.Ordinal))
        {
            return Merge(table, ConfigTableOverlay.FeatureFlagsRow, [ConfigTableOverlay.ToSeedName(parts[2])], scalar);
        }
        if (IsCampaignField(key))
        {
            return Merge(table, ConfigTableOverlay.CampaignConfigRow, ["campaigns", parts[2], ConfigTableOverlay.ToSeedName(parts[3])], scalar);
        }
        return new Result(key, scalar.ToJsonString());
    }

    private static bool IsCampaignField(string key)
    {
        var parts = key.Split('.');
        return parts.Length == 4 && parts[1] == "campaigns";
    }

    private static Result Merge(IReadOnlyList<ConfigEntry> table, string row, string[] path, JsonNode value)
    {
        var existing = table.FirstOrDefault(e => e.Key == row);
        JsonObject root;
        try
        {
            root = existing is null ? new JsonObject() : JsonNode.Parse(existing.ValueJson) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            // A broken row is replaced rather than patched; the loader already reported it by name.
            root = new JsonObject();
        }
        var node = root;
        foreach (var segment in path[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }
            node = child;
        }
        node[path[^1]] = value;
        return new Result(row, root.ToJsonString());
    }

    /// <summary>A command-line value as JSON: numbers and booleans keep their type, anything else is a string.</summary>
    private static JsonNode Scalar(string value)
    {
        var text = value.Trim();
        if (text is "true" or "on" or "yes")
        {
            return JsonValue.Create(true);
        }
        if (text is "false" or "off" or "no")
        {
            return JsonValue.Create(false);
        }
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1];
        }
        return JsonValue.Create(text);
    }
}
