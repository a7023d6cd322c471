namespace ColdEmail.Pipeline.Schedule;

/// <summary>The runs the daemon repeats.</summary>
public enum ScheduledRunKind { Sync, Drain, Orphans }

/// <summary>coldemail.schedules as the schedule actor uses it: sync every SyncInterval, drain and orphan scan every DrainInterval.</summary>
public sealed record ScheduleOptions(TimeSpan SyncInterval, TimeSpan DrainInterval, bool RunOnStart)
{
    public TimeSpan IntervalOf(ScheduledRunKind kind) => kind == ScheduledRunKind.Sync ? SyncInterval : DrainInterval;

    public void Validate()
    {
        if (SyncInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SyncInterval), SyncInterval, "must be positive");
        if (DrainInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(DrainInterval), DrainInterval, "must be positive");
    }
}

/// <summary>Live reload: a new interval applies to the wait in progress (a shorter one can make a run due at once).</summary>
public sealed record ApplySchedule(ScheduleOptions Options);

/// <summary>Stop scheduling; runs in progress get <paramref name="Settle"/> to finish. Answered with <see cref="ScheduleStopped"/>.</summary>
public sealed record StopSchedule(TimeSpan Settle);

/// <summary>Runs that failed since the start, and runs cut off because they did not settle in time (for the exit code).</summary>
public sealed record ScheduleStopped(int Failures, int CutOff);

public sealed record GetScheduleStatus
{
    public static readonly GetScheduleStatus Instance = new();
}

/// <summary>Completed runs per kind, failures, and the kinds running now.</summary>
public sealed record ScheduleStatus(IReadOnlyDictionary<ScheduledRunKind, int> Completed, int Failures, IReadOnlyList<ScheduledRunKind> Running);
