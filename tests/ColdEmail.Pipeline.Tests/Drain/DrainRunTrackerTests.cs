using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Drain;
using ColdEmail.Pipeline.Runs;

namespace ColdEmail.Pipeline.Tests.Drain;

/// <summary>The drain run's tracker with a probe for the coordinator, on the TestKit scheduler (time moves only when the test says).</summary>
public sealed class DrainRunTrackerTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private static readonly TimeSpan Reask = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(60);
    private static readonly DateTimeOffset Started = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private static DrainRunSummary Summary(string runId, int drained) =>
        new(runId, Started, Started.AddMinutes(3), drained, 0, drained, drained, 0, 0, new Dictionary<string, int> { ["completed"] = drained }, []);

    private IActorRef Track(string runId, IActorRef coordinator) =>
        Sys.ActorOf(DrainRunTracker.Props(new StartDrainRun(runId, Started, Deadline), coordinator, TestActor, Reask));

    [Fact]
    public void A_pass_whose_first_ask_was_lost_is_asked_for_again_with_the_same_run_id_and_its_summary_answers_the_caller_once()
    {
        var coordinator = CreateTestProbe();
        var tracker = Track("drain-7", coordinator.Ref);

        Assert.Equal("drain-7", coordinator.ExpectMsg<DrainOnce>().RunId);
        // The coordinator's node died with the ask: nothing comes back, and the caller is not answered.
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(Reask);
        Assert.Equal("drain-7", coordinator.ExpectMsg<DrainOnce>().RunId);
        Clock.Advance(Reask);
        Assert.Equal("drain-7", coordinator.ExpectMsg<DrainOnce>().RunId);

        // Another run's summary is not this run's; the coordinator's next home answers, and a late repeat's answer is dropped.
        tracker.Tell(Summary("drain-6", 1), coordinator.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Watch(tracker);
        tracker.Tell(Summary("drain-7", 12), coordinator.Ref);
        var done = ExpectMsg<DrainRunSummary>();
        Assert.Equal(("drain-7", 12), (done.RunId, done.Drained));
        ExpectTerminated(tracker);
        Clock.Advance(Reask);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_coordinator_that_never_answers_fails_the_run_at_its_deadline_stamped_on_the_schedulers_clock()
    {
        var coordinator = CreateTestProbe();
        Track("drain-8", coordinator.Ref);
        coordinator.ExpectMsg<DrainOnce>();

        Clock.Advance(Deadline - TimeSpan.FromSeconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromSeconds(1));

        var done = ExpectMsg<DrainRunSummary>();
        Assert.Equal("drain-8", done.RunId);
        Assert.Equal(Started + Deadline, done.FinishedAt);
        Assert.Equal(0, done.Checked);
        Assert.StartsWith("no answer within", Assert.Single(done.Failures));
    }
}
