using System.Collections.Immutable;

namespace ColdEmail.Domain.Throttling;

/// <summary>
/// The workspace-wide pacing of Instantly requests as a pure decider: state + time → grant or wait; state + a call's
/// outcome → a new pace. Permits are spaced evenly by an adaptive delay, and two sliding windows (one second, one
/// minute) hold the ceilings. The delay grows on 429 (also learning a floor just above the pace that drew it) and on
/// 5xx, shrinks on success streaks, and never leaves [floor, <see cref="RateLimiterOptions.MaxDelay"/>]; a
/// Retry-After pauses every permit until it has passed. Time is a value passed in: no clock inside.
/// </summary>
public sealed record RateLimitPolicy
{
    /// <summary>A late timer leaves the pace behind schedule: at most this many permits are caught up, so an idle spell is no burst.</summary>
    public const int CatchUpPermits = 5;

    /// <summary>Successes without a 429 after which a learned floor decays (the 429 may have come from another consumer).</summary>
    public const int FloorDecayAfter = 1_000;

    private RateLimitPolicy(RateLimiterOptions options)
    {
        Options = options;
        LearnedFloor = options.EffectiveMinDelay;
        Delay = Clamp(options.InitialDelay ?? options.EffectiveMinDelay);
    }

    public RateLimiterOptions Options { get; private init; }

    /// <summary>The current spacing between permits.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The floor learned from 429s (never below the options' floor).</summary>
    public TimeSpan LearnedFloor { get; private init; }

    /// <summary>The earliest time the next permit may be granted by the pace alone.</summary>
    public DateTimeOffset NextAt { get; private init; } = DateTimeOffset.MinValue;

    /// <summary>A Retry-After pauses every permit until then.</summary>
    public DateTimeOffset PausedUntil { get; private init; } = DateTimeOffset.MinValue;

    public long Granted { get; private init; }

    public long RateLimitedCount { get; private init; }

    private DateTimeOffset LastSlowdownAt { get; init; } = DateTimeOffset.MinValue;
    private int SuccessStreak { get; init; }
    private int SuccessesSinceRateLimited { get; init; }
    private GrantWindow LastMinute { get; init; } = GrantWindow.Empty;
    private GrantWindow LastSecond { get; init; } = GrantWindow.Empty;

    public static RateLimitPolicy Start(RateLimiterOptions options)
    {
        options.Validate();
        return new RateLimitPolicy(options);
    }

    private TimeSpan Floor => LearnedFloor > Options.EffectiveMinDelay ? LearnedFloor : Options.EffectiveMinDelay;

    /// <summary>
    /// One permit at <paramref name="now"/>: granted (<see cref="PermitDecision.IsGranted"/>), or the time it may be
    /// asked for again. Either way the windows are pruned, so the returned policy is the one to keep.
    /// </summary>
    public (RateLimitPolicy Next, PermitDecision Decision) TryGrant(DateTimeOffset now)
    {
        if (!Options.Enabled) return (Record(now), PermitDecision.Grant(now));
        var (minute, minuteGate) = LastMinute.Gate(now, TimeSpan.FromMinutes(1), Options.RequestsPerMinute);
        // The server counts arrivals, which network jitter bunches up: keep a little headroom in our window.
        var secondCap = Options.RequestsPerSecond <= 0 ? 0 : Math.Max(1, (int)Math.Floor(Options.RequestsPerSecond * Options.WindowHeadroom));
        var (second, secondGate) = LastSecond.Gate(now, TimeSpan.FromSeconds(1), secondCap);
        var pruned = this with { LastMinute = minute, LastSecond = second };
        var earliest = Latest(Latest(NextAt, PausedUntil), Latest(minuteGate, secondGate));
        if (earliest > now) return (pruned, PermitDecision.WaitUntil(earliest));
        // A late timer (the scheduler ticks coarsely, and later under load) leaves us behind schedule: catch up a few
        // permits so the average pace holds, never more; the sliding one-second window keeps even a catch-up within the ceiling.
        var start = NextAt < now - Delay * CatchUpPermits ? now : NextAt;
        return (pruned.Record(now) with { NextAt = start + Delay }, PermitDecision.Grant(now));
    }

    /// <summary>
    /// How a permitted call ended. <paramref name="grantedAt"/> lets the answers to requests granted before the last
    /// slow-down be ignored for pacing: they say nothing about the new pace.
    /// </summary>
    public RateLimitPolicy Observe(CallOutcomeKind outcome, DateTimeOffset grantedAt, TimeSpan? retryAfter, DateTimeOffset now) => outcome switch
    {
        CallOutcomeKind.Success or CallOutcomeKind.ClientError => OnSuccess(),
        CallOutcomeKind.RateLimited => OnRateLimited(grantedAt, retryAfter, now),
        CallOutcomeKind.ServiceFailure => OnServiceFailure(grantedAt, now),
        _ => this,
    };

    /// <summary>
    /// New options (live reload). Pacing at the old floor moves to the new one; a backed-off pace keeps its caution
    /// (within the new bounds); the learned floor and the pace's schedule start afresh.
    /// </summary>
    public RateLimitPolicy Apply(RateLimiterOptions options)
    {
        options.Validate();
        var atFloor = Delay <= Floor;
        var next = this with { Options = options, LearnedFloor = options.EffectiveMinDelay, NextAt = DateTimeOffset.MinValue };
        return next with { Delay = next.Clamp(options.InitialDelay ?? (atFloor ? options.EffectiveMinDelay : Delay)) };
    }

    /// <summary>The pause a Retry-After imposes, if it has not passed at <paramref name="now"/>.</summary>
    public DateTimeOffset? PausedAt(DateTimeOffset now) => PausedUntil > now ? PausedUntil : null;

    private RateLimitPolicy OnSuccess()
    {
        var next = this with { SuccessStreak = SuccessStreak + 1, SuccessesSinceRateLimited = SuccessesSinceRateLimited + 1 };
        // A learned floor decays slowly: the 429 may have come from another consumer of the workspace.
        if (next.SuccessesSinceRateLimited >= FloorDecayAfter && LearnedFloor > Options.EffectiveMinDelay)
        {
            var decayed = TimeSpan.FromTicks((long)(LearnedFloor.Ticks * 0.98));
            next = next with
            {
                SuccessesSinceRateLimited = 0,
                LearnedFloor = decayed < Options.EffectiveMinDelay ? Options.EffectiveMinDelay : decayed,
            };
        }
        if (next.SuccessStreak < Options.SuccessStreak) return next;
        return next with { SuccessStreak = 0, Delay = next.Clamp(TimeSpan.FromTicks((long)(Delay.Ticks * Options.SpeedUpFactor))) };
    }

    private RateLimitPolicy OnServiceFailure(DateTimeOffset grantedAt, DateTimeOffset now)
    {
        var next = this with { SuccessStreak = 0 };
        return grantedAt >= LastSlowdownAt ? next.SlowDown(Options.ServerErrorFactor, now) : next;
    }

    private RateLimitPolicy OnRateLimited(DateTimeOffset grantedAt, TimeSpan? retryAfter, DateTimeOffset now)
    {
        var next = this with { RateLimitedCount = RateLimitedCount + 1, SuccessStreak = 0, SuccessesSinceRateLimited = 0 };
        if (retryAfter is { } wait && now + wait > PausedUntil) next = next with { PausedUntil = now + wait };
        if (grantedAt < LastSlowdownAt) return next;
        // The pace that drew a 429 is too fast for this workspace: remember it as a floor (slightly above), so
        // speeding up again stops short of it.
        var learned = TimeSpan.FromTicks((long)(Delay.Ticks * 1.03));
        if (learned > LearnedFloor) next = next with { LearnedFloor = learned > Options.MaxDelay ? Options.MaxDelay : learned };
        return next.SlowDown(Options.RateLimitedFactor, now);
    }

    private RateLimitPolicy SlowDown(double factor, DateTimeOffset now)
    {
        var grown = Clamp(TimeSpan.FromTicks((long)(Math.Max(Delay.Ticks, TimeSpan.FromMilliseconds(1).Ticks) * factor)));
        // The next permit waits for the new delay, counted from the last one granted.
        var nextAt = NextAt > DateTimeOffset.MinValue ? NextAt + (grown - Delay) : NextAt;
        return this with { Delay = grown, LastSlowdownAt = now, NextAt = nextAt };
    }

    private TimeSpan Clamp(TimeSpan delay)
    {
        var floor = Floor;
        if (delay < floor) return floor;
        return delay > Options.MaxDelay ? Options.MaxDelay : delay;
    }

    /// <summary>A granted permit joins the windows whose ceiling is set.</summary>
    private RateLimitPolicy Record(DateTimeOffset now) => this with
    {
        Granted = Granted + 1,
        LastMinute = Options.RequestsPerMinute > 0 ? LastMinute.Add(now) : LastMinute,
        LastSecond = Options.RequestsPerSecond > 0 ? LastSecond.Add(now) : LastSecond,
    };

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

/// <summary>A permit now, or the earliest time to ask again.</summary>
public readonly record struct PermitDecision(bool IsGranted, DateTimeOffset At)
{
    public static PermitDecision Grant(DateTimeOffset at) => new(true, at);

    public static PermitDecision WaitUntil(DateTimeOffset at) => new(false, at);
}

/// <summary>The grant times inside one sliding window, oldest first, with their count (so a full minute is not counted at every permit).</summary>
internal readonly record struct GrantWindow(ImmutableQueue<DateTimeOffset> Times, int Count)
{
    public static GrantWindow Empty { get; } = new([], 0);

    public GrantWindow Add(DateTimeOffset at) => new(Times.Enqueue(at), Count + 1);

    /// <summary>Prunes the window to (now − span, now] and to its cap; a full window opens again when its oldest grant leaves.</summary>
    public (GrantWindow Window, DateTimeOffset Gate) Gate(DateTimeOffset now, TimeSpan span, int cap)
    {
        if (cap <= 0) return (this, DateTimeOffset.MinValue);
        var (times, count) = (Times, Count);
        while (count > 0 && (times.Peek() <= now - span || count > cap))
        {
            times = times.Dequeue();
            count--;
        }
        return (new GrantWindow(times, count), count >= cap ? times.Peek() + span : DateTimeOffset.MinValue);
    }
}
