using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using ColdEmail.Pipeline.Gateway;
using ColdEmail.Domain.Throttling;

namespace ColdEmail.Pipeline.Tests.Gateway;

public sealed class CircuitBreakerActorTests() : TestKit(VirtualTimeConfig.Hocon)
{
    private static readonly CircuitBreakerOptions Options = new() { CoolDown = TimeSpan.FromSeconds(30), HalfOpenRetryAfter = TimeSpan.FromSeconds(1) };

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private IActorRef Breaker() => Sys.ActorOf(CircuitBreakerActor.Props(Options));

    private CircuitStatus Status(IActorRef breaker)
    {
        breaker.Tell(GetCircuitStatus.Instance);
        return ExpectMsg<CircuitStatus>();
    }

    private static void Record(IActorRef breaker, int failures, int successes, CallOutcomeKind success = CallOutcomeKind.Success)
    {
        for (var i = 0; i < failures; i++) breaker.Tell(new RecordCallOutcome(CallOutcomeKind.ServiceFailure, false));
        for (var i = 0; i < successes; i++) breaker.Tell(new RecordCallOutcome(success, false));
    }

    private TestProbe StateChanges()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe, typeof(CircuitBreakerStateChanged));
        return probe;
    }

    private void Advance(IActorRef breaker, TimeSpan by)
    {
        Status(breaker);
        Clock.Advance(by);
    }

    [Fact]
    public void Opens_at_eight_failures_out_of_ten_and_refuses_at_once()
    {
        var events = StateChanges();
        var breaker = Breaker();
        Record(breaker, failures: 8, successes: 2);

        var opened = events.ExpectMsg<CircuitBreakerStateChanged>();
        Assert.Equal(CircuitState.Open, opened.To);
        Assert.Contains("8 of the last 10", opened.Reason);

        breaker.Tell(new RequestPass(7));
        var refused = ExpectMsg<PassRefused>();
        Assert.Equal(7, refused.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(30), refused.RetryAfter);
    }

    [Fact]
    public void Stays_closed_at_seven_failures_out_of_ten()
    {
        var breaker = Breaker();
        Record(breaker, failures: 7, successes: 3);
        breaker.Tell(new RequestPass(1));
        Assert.False(ExpectMsg<PassGranted>().IsProbe);
        Assert.Equal(CircuitState.Closed, Status(breaker).State);
    }

    [Fact]
    public void Judges_only_the_last_ten_calls()
    {
        var breaker = Breaker();
        Record(breaker, failures: 7, successes: 0);
        Record(breaker, failures: 0, successes: 5);
        Record(breaker, failures: 5, successes: 0);
        // Window now: 5 successes, 5 failures — the first 7 failures slid out.
        Assert.Equal(CircuitState.Closed, Status(breaker).State);
        Assert.Equal(5, Status(breaker).Failures);
    }

    [Fact]
    public void Rate_limits_and_client_errors_are_not_failures_of_the_service()
    {
        var breaker = Breaker();
        Record(breaker, failures: 5, successes: 20, success: CallOutcomeKind.RateLimited);
        Record(breaker, failures: 0, successes: 5, success: CallOutcomeKind.ClientError);
        Assert.Equal(CircuitState.Closed, Status(breaker).State);
        Record(breaker, failures: 8, successes: 0);
        // 429s never entered the window; 8 new failures push out all but 2 client errors: 8 of 10.
        Assert.Equal(CircuitState.Open, Status(breaker).State);
    }

    [Fact]
    public void After_the_cool_down_one_probe_passes_and_its_success_closes_the_circuit()
    {
        var events = StateChanges();
        var breaker = Breaker();
        Record(breaker, failures: 10, successes: 0);
        Assert.Equal(CircuitState.Open, events.ExpectMsg<CircuitBreakerStateChanged>().To);

        Advance(breaker, TimeSpan.FromSeconds(29));
        breaker.Tell(new RequestPass(1));
        Assert.Equal(TimeSpan.FromSeconds(1), ExpectMsg<PassRefused>().RetryAfter);

        Advance(breaker, TimeSpan.FromSeconds(1));
        Assert.Equal(CircuitState.HalfOpen, events.ExpectMsg<CircuitBreakerStateChanged>().To);
        breaker.Tell(new RequestPass(2));
        Assert.True(ExpectMsg<PassGranted>().IsProbe);
        breaker.Tell(new RequestPass(3));
        Assert.Equal(3, ExpectMsg<PassRefused>().RequestId);

        breaker.Tell(new RecordCallOutcome(CallOutcomeKind.Success, true));
        var closed = events.ExpectMsg<CircuitBreakerStateChanged>();
        Assert.Equal((CircuitState.HalfOpen, CircuitState.Closed), (closed.From, closed.To));
        breaker.Tell(new RequestPass(4));
        Assert.False(ExpectMsg<PassGranted>().IsProbe);
        Assert.Equal(0, Status(breaker).Samples);
    }

    [Fact]
    public void A_failed_probe_opens_the_circuit_for_another_cool_down()
    {
        var events = StateChanges();
        var breaker = Breaker();
        Record(breaker, failures: 10, successes: 0);
        events.ExpectMsg<CircuitBreakerStateChanged>();
        Advance(breaker, TimeSpan.FromSeconds(30));
        events.ExpectMsg<CircuitBreakerStateChanged>();
        breaker.Tell(new RequestPass(1));
        Assert.True(ExpectMsg<PassGranted>().IsProbe);

        breaker.Tell(new RecordCallOutcome(CallOutcomeKind.ServiceFailure, true));
        Assert.Equal(CircuitState.Open, events.ExpectMsg<CircuitBreakerStateChanged>().To);
        breaker.Tell(new RequestPass(2));
        Assert.Equal(TimeSpan.FromSeconds(30), ExpectMsg<PassRefused>().RetryAfter);
        Advance(breaker, TimeSpan.FromSeconds(30));
        Assert.Equal(CircuitState.HalfOpen, events.ExpectMsg<CircuitBreakerStateChanged>().To);
    }

    [Fact]
    public void A_rate_limited_probe_lets_another_probe_try()
    {
        var breaker = Breaker();
        Record(breaker, failures: 10, successes: 0);
        Advance(breaker, TimeSpan.FromSeconds(30));
        breaker.Tell(new RequestPass(1));
        Assert.True(ExpectMsg<PassGranted>().IsProbe);
        breaker.Tell(new RecordCallOutcome(CallOutcomeKind.RateLimited, true));
        breaker.Tell(new RequestPass(2));
        Assert.True(ExpectMsg<PassGranted>().IsProbe);
        Assert.Equal(CircuitState.HalfOpen, Status(breaker).State);
    }

    [Fact]
    public void Answers_to_calls_sent_before_opening_are_ignored_while_open()
    {
        var breaker = Breaker();
        Record(breaker, failures: 10, successes: 0);
        Record(breaker, failures: 0, successes: 10);
        Assert.Equal(CircuitState.Open, Status(breaker).State);
    }
}
