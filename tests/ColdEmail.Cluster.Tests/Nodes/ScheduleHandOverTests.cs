using ColdEmail.Cli;
using ColdEmail.Cli.Hosting;
using ColdEmail.Cluster.Tests.Support;
using ColdEmail.Pipeline.Schedule;
using ColdEmail.Warehouse.Generation;
using ColdEmail.Warehouse.Tests.Postgres;

namespace ColdEmail.Cluster.Tests.Nodes;

/// <summary>
/// A graceful stop (SIGTERM) of the node that runs the cluster's schedule: the catalog singleton hands over, and its schedule
/// gives the runs in progress coldemail.shutdown-timeout to settle — then `run` exits as one node does (1 when a run was cut off).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ScheduleHandOverTests(PostgresServer server) : ClusterWorldTest(server, "handover")
{
    [Fact]
    public async Task The_schedules_runs_get_the_whole_shutdown_timeout_during_the_hand_over_and_a_cut_off_run_makes_run_exit_1()
    {
        // Longer than Akka's default 10 s for the cluster-exiting phase, which used to end the node (and the schedule) first.
        var settle = TimeSpan.FromSeconds(12);
        await World.Warehouse.LoadEligibleLeadsAsync(new ProspectGenerator(5, ProspectMix.Clean).Generate(600));
        Pipeline.Supervision.PipelineOptions Tune(Pipeline.Supervision.PipelineOptions o) =>
            o with { ShutdownSettle = settle, Schedule = o.Schedule with { RunOnStart = true } };
        // Every node's bulk adds hang: the sync the schedule starts cannot finish, whatever the placement.
        var nodes = await World.StartNodesAsync(3, tune: Tune, schedule: true, holdAdds: true);
        await Eventually.Until(() => nodes.Count(n => n.Gate.IsOwner) == 1 && nodes.Sum(n => n.Instantly.Waiting) > 0, "the schedule's sync never reached a bulk add", TimeSpan.FromSeconds(120));
        var owner = nodes.Single(n => n.Gate.IsOwner);
        var gate = owner.Gate;

        await owner.StopAsync();

        // The schedule answered the hand-over (it was not killed with the node first), and its sync was cut off after the settle.
        var stopped = gate.HandedOver;
        Assert.NotNull(stopped);
        Assert.True(stopped.CutOff >= 1, $"cut off {stopped.CutOff}, failures {stopped.Failures}");
        Assert.Equal(ExitCodes.RunFailed, DaemonStop.ExitCode(DaemonStop.Outcome(new ScheduleStopped(0, 0), gate)));
        // A node that did not run the schedule stops cleanly: exit 0.
        var other = nodes.First(n => n != owner && !n.Stopped);
        Assert.Equal(ExitCodes.Ok, DaemonStop.ExitCode(DaemonStop.Outcome(new ScheduleStopped(0, 0), other.Gate)));
    }
}
