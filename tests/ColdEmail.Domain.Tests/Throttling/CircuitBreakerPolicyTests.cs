using ColdEmail.Domain.Throttling;
using CsCheck;

namespace ColdEmail.Domain.Tests.Throttling;

/// <summary>Issue 14 item 4: the breaker's policy as functions of (state, time, outcome).</summary>
public class CircuitBreakerPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CircuitBreakerOptions Options = new() { WindowSize = 5, FailureRateThreshold = 0.8, CoolDown = TimeSpan.FromSeconds(30) };

    private static CircuitBreakerPolicy Feed(CircuitBreakerPolicy p, params CallOutcomeKind[] outcomes)
    {
        foreach (var o in outcomes) (p, _) = p.Record(o, false, T0);
        return p;
    }

    private static CircuitBreakerPolicy Opened()
    {
        var p = Feed(CircuitBreakerPolicy.Start(Options), Enumerable.Repeat(CallOutcomeKind.ServiceFailure, 4).ToArray());
        (p, var t) = p.Record(CallOutcomeKind.ServiceFailure, false, T0);
        Assert.Equal(new CircuitTransition(CircuitState.Closed, CircuitState.Open, "5 of the last 5 calls failed"), t);
        return p;
    }

    [Fact]
    public void It_opens_when_a_full_window_reaches_the_failure_threshold()
    {
        var p = Feed(CircuitBreakerPolicy.Start(Options), CallOutcomeKind.Success, CallOutcomeKind.ServiceFailure, CallOutcomeKind.ServiceFailure, CallOutcomeKind.ServiceFailure);
        Assert.Equal(CircuitState.Closed, p.State); // 3 of 4: the window is not full yet
        (p, var t) = p.Record(CallOutcomeKind.ServiceFailure, false, T0);
        Assert.Equal((CircuitState.Open, CircuitState.Open), (p.State, t!.To));
        Assert.Equal(T0 + Options.CoolDown, p.OpenUntil);
    }

    [Theory]
    [InlineData(CallOutcomeKind.RateLimited)]
    [InlineData(CallOutcomeKind.ClientError)]
    public void Only_failures_of_the_service_count_against_it(CallOutcomeKind healthy)
    {
        var p = Feed(CircuitBreakerPolicy.Start(Options), Enumerable.Repeat(healthy, 20).ToArray());
        p = Feed(p, CallOutcomeKind.ServiceFailure, CallOutcomeKind.ServiceFailure, CallOutcomeKind.ServiceFailure);
        Assert.Equal(CircuitState.Closed, p.State);
        // A 429 is not even a sample; a 4xx is a healthy one.
        Assert.Equal(healthy == CallOutcomeKind.RateLimited ? 3 : 5, p.Samples);
    }

    [Fact]
    public void Open_refuses_with_the_rest_of_the_cool_down_and_ignores_late_answers()
    {
        var p = Opened();
        (p, var d) = p.RequestPass(T0 + TimeSpan.FromSeconds(10));
        Assert.Equal(PassDecision.Refuse(TimeSpan.FromSeconds(20)), d);
        (p, var t) = p.Record(CallOutcomeKind.Success, false, T0 + TimeSpan.FromSeconds(11));
        Assert.Null(t);
        Assert.Equal(CircuitState.Open, p.State);
    }

    [Fact]
    public void After_the_cool_down_exactly_one_probe_goes_out_and_its_success_closes_the_circuit()
    {
        var (p, t) = Opened().CoolDownElapsed();
        Assert.Equal(new CircuitTransition(CircuitState.Open, CircuitState.HalfOpen, "cool-down elapsed; probing"), t);
        (p, var probe) = p.RequestPass(T0);
        (p, var second) = p.RequestPass(T0);
        Assert.Equal(PassDecision.Pass(true), probe);
        Assert.Equal(PassDecision.Refuse(Options.HalfOpenRetryAfter), second);
        (p, t) = p.Record(CallOutcomeKind.Success, true, T0);
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Closed), (t!.From, t.To));
        Assert.Equal(0, p.Samples); // a fresh window after closing
        Assert.Equal(PassDecision.Pass(false), p.RequestPass(T0).Decision);
    }

    [Fact]
    public void A_failed_probe_opens_the_circuit_again_for_a_new_cool_down()
    {
        var (p, _) = Opened().CoolDownElapsed();
        (p, _) = p.RequestPass(T0 + TimeSpan.FromSeconds(31));
        (p, var t) = p.Record(CallOutcomeKind.ServiceFailure, true, T0 + TimeSpan.FromSeconds(31));
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Open), (t!.From, t.To));
        Assert.Equal(T0 + TimeSpan.FromSeconds(61), p.OpenUntil);
    }

    [Fact]
    public void A_rate_limited_probe_lets_another_probe_try()
    {
        var (p, _) = Opened().CoolDownElapsed();
        (p, _) = p.RequestPass(T0);
        (p, var t) = p.Record(CallOutcomeKind.RateLimited, true, T0);
        Assert.Null(t);
        Assert.Equal(PassDecision.Pass(true), p.RequestPass(T0).Decision);
    }

    [Fact]
    public void A_cool_down_timer_that_fires_late_changes_nothing_unless_the_circuit_is_open() =>
        Assert.Null(CircuitBreakerPolicy.Start(Options).CoolDownElapsed().Transition);

    [Fact]
    public void New_options_keep_the_latest_calls_up_to_the_new_window()
    {
        var p = Feed(CircuitBreakerPolicy.Start(Options), CallOutcomeKind.ServiceFailure, CallOutcomeKind.Success, CallOutcomeKind.Success, CallOutcomeKind.ServiceFailure);
        p = p.Apply(Options with { WindowSize = 2 });
        Assert.Equal((2, 1), (p.Samples, p.Failures));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Apply(Options with { WindowSize = 0 }));
    }

    [Fact]
    public void Closed_it_opens_exactly_when_the_last_window_of_service_answers_reaches_the_threshold() =>
        Gen.Select(Gen.Int[1, 12], Gen.Double[0.05, 1.0], Gen.Enum<CallOutcomeKind>().Array[0, 200]).Sample((size, threshold, outcomes) =>
        {
            var options = Options with { WindowSize = size, FailureRateThreshold = threshold };
            var p = CircuitBreakerPolicy.Start(options);
            var judged = new List<bool>();
            foreach (var o in outcomes)
            {
                (p, var t) = p.Record(o, false, T0);
                if (o == CallOutcomeKind.RateLimited) { Assert.Null(t); continue; }
                judged.Add(o == CallOutcomeKind.ServiceFailure);
                var last = judged.TakeLast(size).ToList();
                var shouldOpen = last.Count == size && last.Count(f => f) >= threshold * size - 1e-9;
                Assert.Equal(shouldOpen, t is { To: CircuitState.Open });
                if (shouldOpen) return; // open: later answers are ignored (tested above)
                Assert.Equal(CircuitState.Closed, p.State);
            }
        });
}
