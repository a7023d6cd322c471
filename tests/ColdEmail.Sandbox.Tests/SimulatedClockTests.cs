using ColdEmail.Sandbox.Hosting;

namespace ColdEmail.Sandbox.Tests;

public sealed class SimulatedClockTests
{
    [Fact]
    public void Time_moves_only_when_advanced()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new SimulatedClock(start);
        var t0 = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromHours(5));

        Assert.Equal(start.AddHours(5), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromHours(5), clock.GetElapsedTime(t0));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public async Task Delays_and_periodic_timers_fire_when_the_clock_passes_them()
    {
        var clock = new SimulatedClock();
        var delay = Task.Delay(TimeSpan.FromMinutes(10), clock);
        var ticks = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref ticks), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

        clock.Advance(TimeSpan.FromMinutes(9));
        var early = delay.IsCompleted;
        clock.Advance(TimeSpan.FromMinutes(1));
        await delay;

        Assert.False(early);
        Assert.Equal(10, ticks);
    }

    [Fact]
    public void A_disposed_timer_never_fires()
    {
        var clock = new SimulatedClock();
        var fired = false;
        var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.False(fired);
    }
}
