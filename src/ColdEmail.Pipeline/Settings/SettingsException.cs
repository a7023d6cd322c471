namespace ColdEmail.Pipeline.Settings;

/// <summary>One problem found while loading settings: the key (or file) it is about and what is wrong.</summary>
public sealed record SettingsError(string Key, string Message)
{
    public override string ToString() => $"{Key}: {Message}";
}

/// <summary>Settings could not be loaded; every error names its key or file.</summary>
public sealed class SettingsException(IReadOnlyList<SettingsError> errors)
    : Exception("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public IReadOnlyList<SettingsError> Errors { get; } = errors;

    public SettingsException(string key, string message) : this([new SettingsError(key, message)])
    {
    }
}
