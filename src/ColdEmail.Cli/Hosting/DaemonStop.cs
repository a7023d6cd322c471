using ColdEmail.Pipeline.Cluster;
using ColdEmail.Pipeline.Schedule;

namespace ColdEmail.Cli.Hosting;

/// <summary>
/// `run`'s exit code after a graceful stop, the same rule on one node and in a cluster: 0 when every run of the schedule
/// settled within coldemail.shutdown-timeout and none failed, 1 when a run failed or had to be cut off (its open batches stay
/// claimed and are reconciled at the next start, wherever the campaign then runs). One node: the schedule answers the stop
/// request itself. A cluster node: the supervisor answers at once and the schedule — if this node ran it — stops during the
/// catalog singleton's hand-over, whose answer the <see cref="ScheduleGate"/> kept.
/// </summary>
public static class DaemonStop
{
    public static ScheduleStopped Outcome(ScheduleStopped requested, ScheduleGate gate) =>
        gate.HandedOver is { } handedOver
            ? new ScheduleStopped(requested.Failures + handedOver.Failures, requested.CutOff + handedOver.CutOff)
            : requested;

    public static int ExitCode(ScheduleStopped outcome) => outcome.CutOff > 0 || outcome.Failures > 0 ? ExitCodes.RunFailed : ExitCodes.Ok;
}
