using ColdEmail.Domain.Throttling;
using CsCheck;

namespace ColdEmail.Domain.Tests.Throttling;

/// <summary>Issue 14 item 4: the limiter's policy as functions of (state, time, outcome).</summary>
public class RateLimitPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly RateLimiterOptions TenPerSecond = new() { RequestsPerSecond = 10, RequestsPerMinute = 0 };

    private static (RateLimitPolicy, PermitDecision) Ask(RateLimitPolicy p, DateTimeOffset at) => p.TryGrant(at);

    [Fact]
    public void Permits_are_spaced_by_the_per_second_ceiling()
    {
        var p = RateLimitPolicy.Start(TenPerSecond);
        (p, var first) = Ask(p, T0);
        (p, var early) = Ask(p, T0 + TimeSpan.FromMilliseconds(99));
        (p, var onTime) = Ask(p, T0 + TimeSpan.FromMilliseconds(100));
        Assert.True(first.IsGranted);
        Assert.Equal(PermitDecision.WaitUntil(T0 + TimeSpan.FromMilliseconds(100)), early);
        Assert.True(onTime.IsGranted);
        Assert.Equal(2, p.Granted);
    }

    [Fact]
    public void The_per_minute_window_holds_when_it_is_the_stricter_ceiling()
    {
        var p = RateLimitPolicy.Start(new RateLimiterOptions { RequestsPerSecond = 100, RequestsPerMinute = 6 });
        Assert.Equal(TimeSpan.FromSeconds(10), p.Delay);
        var t = T0;
        for (var i = 0; i < 6; i++)
        {
            (p, var d) = Ask(p, t);
            Assert.True(d.IsGranted);
            t += TimeSpan.FromSeconds(10);
        }
        // Six in the last minute: the seventh waits until the first leaves the window (the pace alone would allow it).
        (p, var seventh) = Ask(p, T0 + TimeSpan.FromSeconds(59));
        Assert.Equal(PermitDecision.WaitUntil(T0 + TimeSpan.FromSeconds(60)), seventh);
    }

    [Fact]
    public void No_sliding_second_holds_more_than_the_headroom_share_even_when_catching_up()
    {
        var p = RateLimitPolicy.Start(TenPerSecond with { WindowHeadroom = 0.5 });
        var grants = new List<DateTimeOffset>();
        for (var ms = 0; ms <= 3000; ms += 250)
        {
            var at = T0 + TimeSpan.FromMilliseconds(ms);
            while (true)
            {
                (p, var d) = Ask(p, at);
                if (!d.IsGranted) break;
                grants.Add(at);
            }
        }
        Assert.All(grants, g => Assert.InRange(grants.Count(x => x > g - TimeSpan.FromSeconds(1) && x <= g), 1, 5));
    }

    [Fact]
    public void A_429_with_Retry_After_pauses_every_permit_slows_the_pace_and_learns_a_floor()
    {
        var p = RateLimitPolicy.Start(TenPerSecond);
        (p, _) = Ask(p, T0);
        p = p.Observe(CallOutcomeKind.RateLimited, T0, TimeSpan.FromSeconds(5), T0 + TimeSpan.FromMilliseconds(10));
        Assert.Equal(TimeSpan.FromMilliseconds(200), p.Delay); // doubled
        Assert.Equal(TimeSpan.FromMilliseconds(103), p.LearnedFloor); // 3 % above the pace that drew it
        Assert.Equal(1, p.RateLimitedCount);
        (p, var paused) = Ask(p, T0 + TimeSpan.FromSeconds(1));
        Assert.Equal(PermitDecision.WaitUntil(T0 + TimeSpan.FromMilliseconds(5010)), paused);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(5010), p.PausedAt(T0 + TimeSpan.FromSeconds(1)));
        Assert.Null(p.PausedAt(T0 + TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void Answers_to_permits_granted_before_the_last_slow_down_do_not_slow_it_again()
    {
        var p = RateLimitPolicy.Start(TenPerSecond);
        p = p.Observe(CallOutcomeKind.ServiceFailure, T0, null, T0 + TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.FromMilliseconds(150), p.Delay);
        p = p.Observe(CallOutcomeKind.ServiceFailure, T0, null, T0 + TimeSpan.FromMilliseconds(2));
        p = p.Observe(CallOutcomeKind.RateLimited, T0, null, T0 + TimeSpan.FromMilliseconds(3));
        Assert.Equal(TimeSpan.FromMilliseconds(150), p.Delay);
        Assert.Equal(1, p.RateLimitedCount);
    }

    [Fact]
    public void Success_streaks_speed_up_but_never_below_the_learned_floor_and_the_floor_decays_slowly()
    {
        var p = RateLimitPolicy.Start(TenPerSecond);
        p = p.Observe(CallOutcomeKind.RateLimited, T0, null, T0);
        var floor = p.LearnedFloor;
        for (var i = 0; i < 200; i++) p = p.Observe(CallOutcomeKind.Success, T0, null, T0);
        Assert.Equal(floor, p.Delay); // recovered down to the floor, not to the ceiling's 100 ms
        for (var i = 0; i < RateLimitPolicy.FloorDecayAfter; i++) p = p.Observe(i % 2 == 0 ? CallOutcomeKind.Success : CallOutcomeKind.ClientError, T0, null, T0);
        Assert.True(p.LearnedFloor < floor);
        Assert.True(p.LearnedFloor >= TenPerSecond.EffectiveMinDelay);
    }

    [Fact]
    public void New_options_move_a_pace_at_the_floor_to_the_new_floor_and_keep_a_backed_off_pace()
    {
        var atFloor = RateLimitPolicy.Start(TenPerSecond).Apply(TenPerSecond with { RequestsPerSecond = 20 });
        Assert.Equal(TimeSpan.FromMilliseconds(50), atFloor.Delay);
        var backedOff = RateLimitPolicy.Start(TenPerSecond).Observe(CallOutcomeKind.ServiceFailure, T0, null, T0)
            .Apply(TenPerSecond with { RequestsPerSecond = 20 });
        Assert.Equal(TimeSpan.FromMilliseconds(150), backedOff.Delay);
        Assert.Throws<ArgumentOutOfRangeException>(() => atFloor.Apply(TenPerSecond with { RequestsPerSecond = -1 }));
    }

    [Fact]
    public void A_disabled_limiter_grants_every_permit_at_once()
    {
        var p = RateLimitPolicy.Start(TenPerSecond with { Enabled = false });
        for (var i = 0; i < 50; i++)
        {
            (p, var d) = Ask(p, T0);
            Assert.True(d.IsGranted);
        }
    }

    private static readonly Gen<(int GapMs, CallOutcomeKind Outcome, int RetryAfterMs)> GenStep =
        Gen.Select(Gen.Int[0, 300], Gen.Enum<CallOutcomeKind>(), Gen.Int[0, 3000]);

    [Fact]
    public void Whatever_the_answers_the_ceilings_hold_and_the_pace_stays_within_its_bounds() =>
        Gen.Select(Gen.Int[1, 50], Gen.Int[0, 400], GenStep.Array[1, 400]).Sample((perSecond, perMinute, steps) =>
        {
            var options = new RateLimiterOptions { RequestsPerSecond = perSecond, RequestsPerMinute = perMinute, MaxDelay = TimeSpan.FromSeconds(10) };
            var p = RateLimitPolicy.Start(options);
            var t = T0;
            var grants = new List<DateTimeOffset>();
            DateTimeOffset pausedUntil = DateTimeOffset.MinValue;
            foreach (var (gap, outcome, retryAfter) in steps)
            {
                t += TimeSpan.FromMilliseconds(gap);
                (p, var d) = p.TryGrant(t);
                if (!d.IsGranted)
                {
                    Assert.True(d.At > t);
                    continue;
                }
                Assert.True(t >= pausedUntil, "a permit was granted during a Retry-After pause");
                grants.Add(t);
                var wait = outcome == CallOutcomeKind.RateLimited && retryAfter > 0 ? TimeSpan.FromMilliseconds(retryAfter) : (TimeSpan?)null;
                p = p.Observe(outcome, t, wait, t);
                if (wait is { } w && t + w > pausedUntil) pausedUntil = t + w;
                Assert.InRange(p.Delay, options.EffectiveMinDelay, options.MaxDelay);
            }
            var secondCap = Math.Max(1, (int)Math.Floor(perSecond * options.WindowHeadroom));
            Assert.All(grants, g => Assert.True(grants.Count(x => x > g - TimeSpan.FromSeconds(1) && x <= g) <= secondCap));
            if (perMinute > 0)
                Assert.All(grants, g => Assert.True(grants.Count(x => x > g - TimeSpan.FromMinutes(1) && x <= g) <= perMinute));
        });
}
