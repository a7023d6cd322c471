using System.Text.RegularExpressions;
using Akka.Configuration;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Binds <c>coldemail.custom-variables { variableName = column, ... }</c> and
/// <c>coldemail.custom-variable-max-length</c>. A variable whose column is not a field of a ready lead would
/// silently render empty in every email, so it is an error naming the key; <c>""</c> or <c>null</c> removes a
/// default variable.
/// </summary>
public static partial class CustomVariableSettings
{
    public const string Key = "coldemail.custom-variables";
    public const string MaxLengthKey = "coldemail.custom-variable-max-length";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex VariableName();

    internal static CustomVariableMap Bind(Config merged, List<SettingsError> errors)
    {
        var max = new HoconReader(merged, errors).Int(MaxLengthKey, 1, 100_000);
        var variables = new List<KeyValuePair<string, string>>();
        if (!merged.HasPath(Key))
        {
            return new CustomVariableMap(variables, max);
        }
        foreach (var (name, value) in merged.GetConfig(Key).Root.GetObject().Items)
        {
            var key = $"{Key}.{name}";
            if (!VariableName().IsMatch(name))
            {
                errors.Add(new SettingsError(key, "a custom variable name is letters, digits and _ (at most 64), starting with a letter or _"));
                continue;
            }
            if (value.IsObject())
            {
                errors.Add(new SettingsError(key, "expected a column name, got a section"));
                continue;
            }
            var column = value.IsEmpty ? "" : value.GetString()?.Trim() ?? "";
            if (column.Length == 0 || column == "null")
            {
                continue;
            }
            if (!CustomVariableMap.Columns.ContainsKey(column))
            {
                errors.Add(new SettingsError(key, $"unknown column '{column}'; a ready lead has {string.Join(", ", CustomVariableMap.Columns.Keys)}"));
                continue;
            }
            variables.Add(new KeyValuePair<string, string>(name, column));
        }
        return new CustomVariableMap(variables, max);
    }
}
