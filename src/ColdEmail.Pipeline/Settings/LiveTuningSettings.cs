namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.live-tuning: how the daemon notices changed settings.</summary>
public sealed record LiveTuningSettings(
    bool WatchFile,
    TimeSpan Debounce,
    TimeSpan FileCheckInterval,
    TimeSpan ConfigTablePollInterval);
