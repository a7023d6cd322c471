using ColdEmail.Pipeline.Settings;

namespace ColdEmail.Cli.LiveTuning;

/// <summary>What one reload did: applied live changes, changes that wait for a restart, or why it was rejected.</summary>
public sealed record ReloadOutcome(bool Accepted, SettingsDiff Diff, string? Error)
{
    public static ReloadOutcome Rejected(string error) => new(false, new SettingsDiff([]), error);
}
