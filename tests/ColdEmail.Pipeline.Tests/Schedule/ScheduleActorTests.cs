using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Schedule;

namespace ColdEmail.Pipeline.Tests.Schedule;

/// <summary>The daemon's schedule on the TestKit scheduler: nothing moves until the test advances time.</summary>
public sealed class ScheduleActorTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    /// <summary>Records each run; a run of a kind in <see cref="Hold"/> waits until released (or cancelled).</summary>
    private sealed class Runs : IScheduledRuns
    {
        public ConcurrentQueue<ScheduledRunKind> Started { get; } = new();
        public ConcurrentDictionary<ScheduledRunKind, TaskCompletionSource<bool>> Hold { get; } = new();
        public HashSet<ScheduledRunKind> Fail { get; } = [];

        public async Task<bool> RunAsync(ScheduledRunKind kind, CancellationToken ct)
        {
            Started.Enqueue(kind);
            if (Hold.TryGetValue(kind, out var gate))
            {
                await using var _ = ct.Register(() => gate.TrySetCanceled(ct));
                return await gate.Task;
            }
            return !Fail.Contains(kind);
        }

        public int Count(ScheduledRunKind kind) => Started.Count(k => k == kind);
    }

    private static readonly ScheduleOptions Every30And60 = new(TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60), RunOnStart: true);

    private ScheduleStatus Status(IActorRef schedule) => schedule.Ask<ScheduleStatus>(GetScheduleStatus.Instance, TimeSpan.FromSeconds(3)).Result;

    private void Settled(IActorRef schedule, ScheduledRunKind kind, int completed) =>
        AwaitAssert(() => Assert.Equal(completed, Status(schedule).Completed.GetValueOrDefault(kind)), TimeSpan.FromSeconds(3));

    [Fact]
    public void Runs_on_start_then_on_each_interval_and_a_shorter_interval_applies_to_the_wait_in_progress()
    {
        var runs = new Runs();
        var schedule = Sys.ActorOf(ScheduleActor.Props(Every30And60, runs, Sys.Scheduler.Now));

        Settled(schedule, ScheduledRunKind.Sync, 1);
        Settled(schedule, ScheduledRunKind.Drain, 1);
        Settled(schedule, ScheduledRunKind.Orphans, 1);

        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(1, runs.Count(ScheduledRunKind.Sync));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Settled(schedule, ScheduledRunKind.Sync, 2);
        Assert.Equal(1, runs.Count(ScheduledRunKind.Drain));

        schedule.Tell(new ApplySchedule(Every30And60 with { SyncInterval = TimeSpan.FromMinutes(5) }));
        Clock.Advance(TimeSpan.FromMinutes(5));
        Settled(schedule, ScheduledRunKind.Sync, 3);

        // To minute 60: the drain and the orphan scan are due; the sync (every 5 min) does not pile up runs while time jumps.
        Clock.Advance(TimeSpan.FromMinutes(25));
        Settled(schedule, ScheduledRunKind.Drain, 2);
        Settled(schedule, ScheduledRunKind.Orphans, 2);
        Settled(schedule, ScheduledRunKind.Sync, 4);
    }

    [Fact]
    public void Without_run_on_start_the_first_run_waits_a_full_interval()
    {
        var runs = new Runs();
        var schedule = Sys.ActorOf(ScheduleActor.Props(Every30And60 with { RunOnStart = false }, runs, Sys.Scheduler.Now));
        Assert.Empty(Status(schedule).Completed);

        Clock.Advance(TimeSpan.FromMinutes(30));
        Settled(schedule, ScheduledRunKind.Sync, 1);
        Assert.Equal(0, runs.Count(ScheduledRunKind.Drain));
    }

    [Fact]
    public void The_first_interval_counts_from_when_the_owner_started_the_schedule_not_from_when_the_actor_got_to_run()
    {
        // The owner (the catalog) started the schedule 20 minutes ago on this clock; its child got created only now, as a loaded
        // dispatcher may do. The 30-minute sync is due in 10 minutes, and a 15-minute interval applied live is overdue at once.
        var runs = new Runs();
        var startedAt = Sys.Scheduler.Now;
        Clock.Advance(TimeSpan.FromMinutes(20));
        var schedule = Sys.ActorOf(ScheduleActor.Props(Every30And60 with { RunOnStart = false }, runs, startedAt));
        Assert.Empty(Status(schedule).Completed);

        Clock.Advance(TimeSpan.FromMinutes(10));
        Settled(schedule, ScheduledRunKind.Sync, 1);

        var late = Sys.ActorOf(ScheduleActor.Props(Every30And60 with { RunOnStart = false }, new Runs(), startedAt));
        late.Tell(new ApplySchedule(Every30And60 with { RunOnStart = false, SyncInterval = TimeSpan.FromMinutes(15) }));
        Settled(late, ScheduledRunKind.Sync, 1);
    }

    [Fact]
    public void A_run_never_overlaps_itself_and_failures_are_counted()
    {
        var runs = new Runs();
        runs.Hold[ScheduledRunKind.Sync] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        runs.Fail.Add(ScheduledRunKind.Drain);
        var schedule = Sys.ActorOf(ScheduleActor.Props(Every30And60, runs, Sys.Scheduler.Now));
        Settled(schedule, ScheduledRunKind.Drain, 1);

        Clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(1, runs.Count(ScheduledRunKind.Sync));
        Assert.Contains(ScheduledRunKind.Sync, Status(schedule).Running);

        runs.Hold[ScheduledRunKind.Sync].SetResult(true);
        // The held sync started at 0 and ended after 90 min: overdue, so the next one starts at once.
        Settled(schedule, ScheduledRunKind.Sync, 2);
        Assert.True(Status(schedule).Failures >= 1);
    }

    [Fact]
    public void A_stop_lets_the_run_in_progress_settle_and_cuts_off_one_that_does_not()
    {
        var runs = new Runs();
        runs.Hold[ScheduledRunKind.Sync] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        runs.Hold[ScheduledRunKind.Drain] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var schedule = Sys.ActorOf(ScheduleActor.Props(Every30And60 with { RunOnStart = true }, runs, Sys.Scheduler.Now));
        Settled(schedule, ScheduledRunKind.Orphans, 1);
        AwaitAssert(() => Assert.Equal(2, Status(schedule).Running.Count), TimeSpan.FromSeconds(3));

        schedule.Tell(new StopSchedule(TimeSpan.FromSeconds(10)), TestActor);
        runs.Hold[ScheduledRunKind.Sync].SetResult(true);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(TimeSpan.FromSeconds(10));

        var stopped = ExpectMsg<ScheduleStopped>();
        Assert.Equal((0, 1), (stopped.Failures, stopped.CutOff));
        // Stopped: no timer fires any more.
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, runs.Count(ScheduledRunKind.Sync));
    }
}
