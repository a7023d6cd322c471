using Akka.Configuration;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// Builds <see cref="ColdEmailSettings"/> from the embedded defaults, the user's HOCON file and the warehouse
/// config table, and validates the result. Throws <see cref="SettingsException"/> listing every bad key.
/// </summary>
public static class SettingsLoader
{
    private static readonly Lazy<string> DefaultsText = new(ReadEmbeddedDefaults);

    /// <summary>The embedded hocon/coldemail.conf, verbatim (for `init` to write a starter file).</summary>
    public static string DefaultHocon => DefaultsText.Value;

    public static LoadedSettings Load(SettingsSources sources)
    {
        var errors = new List<SettingsError>();
        var warnings = new List<string>();
        var defaults = ConfigurationFactory.ParseString(DefaultsText.Value);

        var user = ParseUser(sources, errors);
        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }
        KeyValidator.Check(user, defaults, sources.ConfigFile is { } f ? $"in {f}" : "in the config text", errors);

        var overlay = ConfigTableOverlay.ToHocon(sources.ConfigTable ?? [], errors, warnings);
        KeyValidator.Check(overlay, defaults, "from the warehouse config table", errors);
        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        var merged = Layer(Layer(defaults, user), overlay);
        var settings = SettingsBinder.Bind(new HoconReader(merged, errors), sources.Env)
            with { CustomVariables = CustomVariableSettings.Bind(merged, errors), ShutdownTimeout = ShutdownSettings.Bind(merged, errors),
                Http = HttpSettings.Bind(merged, errors, sources.Env) };
        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }
        return new LoadedSettings(settings, merged, warnings);
    }

    /// <summary>Lays <paramref name="top"/> over <paramref name="bottom"/>; Akka refuses an empty config as fallback of itself.</summary>
    private static Config Layer(Config bottom, Config top) => top.IsEmpty ? bottom : top.WithFallback(bottom);

    private static Config ParseUser(SettingsSources sources, List<SettingsError> errors)
    {
        string? text = sources.ConfigText;
        var origin = "the config text";
        if (sources.ConfigFile is { } file)
        {
            origin = file;
            if (!File.Exists(file))
            {
                errors.Add(new SettingsError(file, "config file not found"));
                return Config.Empty;
            }
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException e)
            {
                errors.Add(new SettingsError(file, "cannot read config file: " + e.Message));
                return Config.Empty;
            }
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return Config.Empty;
        }
        if (HoconSyntaxCheck.FindError(text) is { } syntax)
        {
            errors.Add(new SettingsError(origin, "HOCON syntax error: " + syntax));
            return Config.Empty;
        }
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidOperationException or ArgumentException)
        {
            errors.Add(new SettingsError(origin, "HOCON syntax error: " + e.Message));
            return Config.Empty;
        }
    }

    private static string ReadEmbeddedDefaults()
    {
        using var stream = typeof(SettingsLoader).Assembly.GetManifestResourceStream("coldemail.conf")
            ?? throw new InvalidOperationException("The embedded resource coldemail.conf is missing from ColdEmail.Pipeline.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
