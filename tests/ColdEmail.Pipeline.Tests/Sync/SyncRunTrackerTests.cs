using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Sync;

namespace ColdEmail.Pipeline.Tests.Sync;

/// <summary>The sync run's tracker with probes for campaigns, on the TestKit scheduler (time moves only when the test says).</summary>
public sealed class SyncRunTrackerTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private static readonly TimeSpan Reask = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(60);

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private static CampaignSyncResult Result(string campaign, int created) =>
        new(campaign, "id-" + campaign, null, created, 0, 0, 0, 0, 0, created, VerificationCounts.Zero, []);

    private IActorRef Track(string runId, params (string Name, IActorRef Ref)[] campaigns) =>
        Sys.ActorOf(SyncRunTracker.Props(new StartSyncRun(runId, Deadline), campaigns.ToDictionary(c => c.Name, c => c.Ref), TestActor, Reask));

    [Fact]
    public void A_campaign_whose_first_ask_was_lost_is_asked_again_with_the_same_run_id_and_its_answer_completes_the_run()
    {
        var alpha = CreateTestProbe();
        var bravo = CreateTestProbe();
        var tracker = Track("run-7", ("Alpha", alpha.Ref), ("Bravo", bravo.Ref));

        Assert.Equal("run-7", alpha.ExpectMsg<SyncCampaign>().RunId);
        alpha.Reply(Result("Alpha", 3));
        // Bravo's node died with the ask: no answer. The run is not over, and asks Bravo (only Bravo) again.
        Assert.Equal("run-7", bravo.ExpectMsg<SyncCampaign>().RunId);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(Reask);
        Assert.Equal("run-7", bravo.ExpectMsg<SyncCampaign>().RunId);
        alpha.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Bravo's new home answers, and so does a late duplicate: the run counts Bravo once.
        bravo.Reply(Result("Bravo", 5));
        bravo.Reply(Result("Bravo", 5));
        var done = ExpectMsg<SyncRunResults>();
        Assert.Equal("run-7", done.RunId);
        Assert.Equal(["Alpha", "Bravo"], done.Results.Select(r => r.Campaign));
        Assert.Equal([3, 5], done.Results.Select(r => r.Created));
        Watch(tracker);
        ExpectTerminated(tracker);
    }

    [Fact]
    public void A_campaign_that_hands_off_mid_run_is_asked_again_at_once_and_its_next_home_answer_adds_to_the_first()
    {
        // Before, the first home's answer ended the campaign's part of the run: the next home, reached by a repeat already on
        // its way, enrolled the rest of the plan under the same run id, and the run counted none of it.
        var alpha = CreateTestProbe();
        var bravo = CreateTestProbe();
        Track("run-9", ("Alpha", alpha.Ref), ("Bravo", bravo.Ref));
        alpha.ExpectMsg<SyncCampaign>();
        bravo.ExpectMsg<SyncCampaign>();
        bravo.Reply(Result("Bravo", 2));

        alpha.Reply(Result("Alpha", 3) with { HandedOff = true, Failures = ["one lead dead-lettered"] });
        Assert.Equal("run-9", alpha.ExpectMsg<SyncCampaign>().RunId); // at once, not at the next repeat
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the run is not over
        alpha.Reply(Result("Alpha", 5));

        var done = ExpectMsg<SyncRunResults>();
        var a = Assert.Single(done.Results, r => r.Campaign == "Alpha");
        Assert.Equal(8, a.Created);
        Assert.Equal(8, a.Scanned);
        Assert.False(a.HandedOff);
        Assert.Equal(["one lead dead-lettered"], a.Failures);
        Assert.Equal(2, Assert.Single(done.Results, r => r.Campaign == "Bravo").Created);
    }

    [Fact]
    public void A_campaign_whose_next_home_never_answers_fails_at_the_deadline_with_what_its_first_home_did()
    {
        var alpha = CreateTestProbe();
        Track("run-10", ("Alpha", alpha.Ref));
        alpha.ExpectMsg<SyncCampaign>();
        alpha.Reply(Result("Alpha", 4) with { HandedOff = true });
        alpha.ExpectMsg<SyncCampaign>();

        Clock.Advance(Deadline);
        var a = Assert.Single(ExpectMsg<SyncRunResults>().Results);
        Assert.Equal(4, a.Created);
        Assert.False(a.Succeeded);
        Assert.Contains(a.Failures, f => f.StartsWith("no answer within", StringComparison.Ordinal));
    }

    [Fact]
    public void A_campaign_that_never_answers_is_failed_at_the_deadline_and_one_retired_during_the_run_at_once()
    {
        var silent = CreateTestProbe();
        var retired = CreateTestProbe();
        Track("run-8", ("Silent", silent.Ref), ("Retired", retired.Ref));
        silent.ExpectMsg<SyncCampaign>();
        retired.ExpectMsg<SyncCampaign>();

        Sys.Stop(retired.Ref);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Clock.Advance(Deadline);

        var done = ExpectMsg<SyncRunResults>();
        Assert.Equal("the campaign was retired during the run", Assert.Single(done.Results, r => r.Campaign == "Retired").Failures.Single());
        Assert.StartsWith("no answer within", Assert.Single(done.Results, r => r.Campaign == "Silent").Failures.Single());
    }
}
