using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.Gateway;

public sealed class RateLimiterActorTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private static readonly RateLimiterOptions TenPerSecond = new() { RequestsPerSecond = 10, RequestsPerMinute = 0 };

    private IActorRef Limiter(RateLimiterOptions options) => Sys.ActorOf(RateLimiterActor.Props(options));

    private RateLimiterStatus Status(IActorRef limiter)
    {
        limiter.Tell(GetRateLimiterStatus.Instance);
        return ExpectMsg<RateLimiterStatus>();
    }

    /// <summary>Lets the limiter finish what it was told before virtual time moves on.</summary>
    private void Advance(IActorRef limiter, TimeSpan by)
    {
        Status(limiter);
        Clock.Advance(by);
    }

    [Fact]
    public void Permits_are_spaced_evenly_by_the_per_second_ceiling()
    {
        var limiter = Limiter(TenPerSecond);
        for (var i = 1; i <= 3; i++) limiter.Tell(new AcquirePermit(i));

        var first = ExpectMsg<PermitGranted>();
        Assert.Equal(1, first.RequestId);
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        Advance(limiter, TimeSpan.FromMilliseconds(99));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(limiter, TimeSpan.FromMilliseconds(1));
        var second = ExpectMsg<PermitGranted>();
        Assert.Equal(2, second.RequestId);
        Assert.Equal(TimeSpan.FromMilliseconds(100), second.GrantedAt - first.GrantedAt);

        Advance(limiter, TimeSpan.FromMilliseconds(100));
        var third = ExpectMsg<PermitGranted>();
        Assert.Equal(3, third.RequestId);
        Assert.Equal(TimeSpan.FromMilliseconds(100), third.GrantedAt - second.GrantedAt);
    }

    [Fact]
    public void The_per_minute_ceiling_spaces_permits_when_it_is_the_stricter_one()
    {
        var limiter = Limiter(new RateLimiterOptions { RequestsPerSecond = 100, RequestsPerMinute = 6 });
        limiter.Tell(new AcquirePermit(1));
        limiter.Tell(new AcquirePermit(2));
        var first = ExpectMsg<PermitGranted>();
        Advance(limiter, TimeSpan.FromSeconds(9.9));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(limiter, TimeSpan.FromMilliseconds(100));
        var second = ExpectMsg<PermitGranted>();
        Assert.Equal(TimeSpan.FromSeconds(10), second.GrantedAt - first.GrantedAt);
    }

    [Fact]
    public void No_sliding_second_holds_more_than_the_headroom_share_of_the_ceiling()
    {
        var limiter = Limiter(TenPerSecond with { WindowHeadroom = 0.5 });
        var caller = CreateTestProbe();
        for (var i = 1; i <= 6; i++) limiter.Tell(new AcquirePermit(i), caller.Ref);
        var grants = new List<PermitGranted>();
        for (var step = 0; step <= 10; step++)
        {
            Status(limiter);
            while (caller.HasMessages) grants.Add(caller.ExpectMsg<PermitGranted>());
            Clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(6, grants.Count);
        Assert.Equal(5, grants.Count(g => g.GrantedAt < grants[0].GrantedAt + TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromMilliseconds(400), grants[4].GrantedAt - grants[0].GrantedAt);
        Assert.Equal(TimeSpan.FromSeconds(1), grants[5].GrantedAt - grants[0].GrantedAt);
    }

    [Fact]
    public void Retry_After_holds_every_permit_until_it_has_passed()
    {
        var limiter = Limiter(TenPerSecond);
        limiter.Tell(new AcquirePermit(1));
        var first = ExpectMsg<PermitGranted>();

        limiter.Tell(new ReportOutcome(CallOutcomeKind.RateLimited, first.GrantedAt, TimeSpan.FromSeconds(5)));
        limiter.Tell(new AcquirePermit(2));
        Advance(limiter, TimeSpan.FromMilliseconds(4_990));
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));
        Advance(limiter, TimeSpan.FromMilliseconds(10));
        var second = ExpectMsg<PermitGranted>();
        Assert.True(second.GrantedAt - first.GrantedAt >= TimeSpan.FromSeconds(5));
        Assert.Equal(1, Status(limiter).RateLimitedCount);
    }

    [Fact]
    public void A_429_doubles_the_delay_and_a_server_error_multiplies_it_by_one_and_a_half()
    {
        var limiter = Limiter(TenPerSecond);
        limiter.Tell(new AcquirePermit(1));
        var first = ExpectMsg<PermitGranted>();

        limiter.Tell(new ReportOutcome(CallOutcomeKind.RateLimited, first.GrantedAt));
        Assert.Equal(TimeSpan.FromMilliseconds(200), Status(limiter).CurrentDelay);

        Advance(limiter, TimeSpan.FromSeconds(1));
        limiter.Tell(new AcquirePermit(2));
        var second = ExpectMsg<PermitGranted>();
        limiter.Tell(new ReportOutcome(CallOutcomeKind.ServiceFailure, second.GrantedAt));
        Assert.Equal(TimeSpan.FromMilliseconds(300), Status(limiter).CurrentDelay);
    }

    [Fact]
    public void Answers_to_requests_sent_before_the_last_slowdown_do_not_slow_it_again()
    {
        var limiter = Limiter(new RateLimiterOptions { RequestsPerSecond = 0, RequestsPerMinute = 0, MinDelay = TimeSpan.FromMilliseconds(100) });
        limiter.Tell(new AcquirePermit(1));
        limiter.Tell(new AcquirePermit(2));
        var first = ExpectMsg<PermitGranted>();
        Advance(limiter, TimeSpan.FromMilliseconds(100));
        var second = ExpectMsg<PermitGranted>();

        Advance(limiter, TimeSpan.FromMilliseconds(50));
        limiter.Tell(new ReportOutcome(CallOutcomeKind.ServiceFailure, second.GrantedAt));
        limiter.Tell(new ReportOutcome(CallOutcomeKind.ServiceFailure, first.GrantedAt));
        Assert.Equal(TimeSpan.FromMilliseconds(150), Status(limiter).CurrentDelay);
    }

    [Fact]
    public void A_success_streak_speeds_up_but_never_below_the_floor()
    {
        var options = RateLimiterOptions.PerRequestDelay with { RequestsPerSecond = 0, RequestsPerMinute = 0 };
        var limiter = Limiter(options);
        Assert.Equal(TimeSpan.FromSeconds(1), Status(limiter).CurrentDelay);

        for (var i = 0; i < 4; i++) limiter.Tell(new ReportOutcome(CallOutcomeKind.Success, Clock.Now));
        Assert.Equal(TimeSpan.FromSeconds(1), Status(limiter).CurrentDelay);
        limiter.Tell(new ReportOutcome(CallOutcomeKind.Success, Clock.Now));
        Assert.Equal(TimeSpan.FromMilliseconds(900), Status(limiter).CurrentDelay);

        for (var i = 0; i < 100; i++) limiter.Tell(new ReportOutcome(CallOutcomeKind.Success, Clock.Now));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Status(limiter).CurrentDelay);
    }

    [Fact]
    public void The_delay_never_grows_beyond_the_maximum()
    {
        var limiter = Limiter(RateLimiterOptions.PerRequestDelay with { RequestsPerSecond = 0, RequestsPerMinute = 0 });
        for (var i = 0; i < 10; i++)
        {
            Advance(limiter, TimeSpan.FromMinutes(1));
            limiter.Tell(new ReportOutcome(CallOutcomeKind.RateLimited, Clock.Now));
        }
        Assert.Equal(TimeSpan.FromSeconds(10), Status(limiter).CurrentDelay);
    }

    [Fact]
    public void After_a_429_speeding_up_stops_short_of_the_pace_that_drew_it()
    {
        var limiter = Limiter(TenPerSecond);
        limiter.Tell(new ReportOutcome(CallOutcomeKind.RateLimited, Clock.Now));
        for (var i = 0; i < 500; i++) limiter.Tell(new ReportOutcome(CallOutcomeKind.Success, Clock.Now));
        var status = Status(limiter);
        Assert.Equal(TimeSpan.FromMilliseconds(103), status.CurrentDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(103), status.LearnedFloor);
    }

    [Fact]
    public void Disabled_limiter_grants_everything_at_once()
    {
        var limiter = Limiter(new RateLimiterOptions { Enabled = false });
        for (var i = 1; i <= 50; i++) limiter.Tell(new AcquirePermit(i));
        var granted = ReceiveN(50).Cast<PermitGranted>().Select(p => p.RequestId).ToList();
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), granted);
    }

    [Fact]
    public void Applied_settings_change_the_pace_of_waiting_requests()
    {
        var limiter = Limiter(new RateLimiterOptions { RequestsPerSecond = 1, RequestsPerMinute = 0 });
        limiter.Tell(new AcquirePermit(1));
        limiter.Tell(new AcquirePermit(2));
        ExpectMsg<PermitGranted>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(50));

        limiter.Tell(new ApplyRateLimiterOptions(new RateLimiterOptions { Enabled = false }));
        Assert.Equal(2, ExpectMsg<PermitGranted>().RequestId);
    }

    [Fact]
    public void Invalid_settings_are_rejected_and_the_old_pace_stays()
    {
        var limiter = Limiter(TenPerSecond);
        limiter.Tell(new ApplyRateLimiterOptions(TenPerSecond with { MaxDelay = TimeSpan.Zero }));
        Assert.Equal(TimeSpan.FromMilliseconds(100), Status(limiter).CurrentDelay);
    }
}
