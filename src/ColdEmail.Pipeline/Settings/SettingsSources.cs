using ColdEmail.Warehouse;

namespace ColdEmail.Pipeline.Settings;

/// <summary>
/// What settings are built from, lowest priority first: the embedded defaults, then <see cref="ConfigFile"/>
/// (or <see cref="ConfigText"/>), then the warehouse config table rows. <see cref="Environment"/> supplies
/// secrets left empty in HOCON (INSTANTLY_API_KEY, SLACK_WEBHOOK_URL, GOOGLE_APPLICATION_CREDENTIALS, COLDEMAIL_POSTGRES).
/// </summary>
public sealed record SettingsSources(
    string? ConfigFile = null,
    string? ConfigText = null,
    IReadOnlyList<ConfigEntry>? ConfigTable = null,
    Func<string, string?>? Environment = null)
{
    internal Func<string, string?> Env => Environment ?? System.Environment.GetEnvironmentVariable;
}
