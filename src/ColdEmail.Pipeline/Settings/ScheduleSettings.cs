namespace ColdEmail.Pipeline.Settings;

/// <summary>coldemail.schedules: how often the daemon syncs and drains.</summary>
public sealed record ScheduleSettings(TimeSpan SyncInterval, TimeSpan DrainInterval, bool RunOnStart);
