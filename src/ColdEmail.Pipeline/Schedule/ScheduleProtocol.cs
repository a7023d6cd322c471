using ColdEmail.Pipeline.Protocol;

namespace ColdEmail.Pipeline.Schedule;

/// <summary>The schedule actor's messages.</summary>
public sealed class ScheduleProtocol : IProtocolRegistration
{
    public void Register(ProtocolRegistry r) => r
        .Add<ApplySchedule>("schedule.apply")
        .Add<StopSchedule>("schedule.stop")
        .Add<ScheduleStopped>("schedule.stopped")
        .Add<GetScheduleStatus>("schedule.get-status")
        .Add<ScheduleStatus>("schedule.status");
}
