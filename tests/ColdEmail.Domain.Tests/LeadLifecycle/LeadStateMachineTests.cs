using ColdEmail.Domain.LeadLifecycle;
using ColdEmail.Domain.Leads;
using CsCheck;

namespace ColdEmail.Domain.Tests.LeadLifecycle;

public class LeadStateMachineTests
{
    // The seed's table, written out independently of the implementation.
    private static readonly (LeadState From, LeadState To)[] Legal =
    [
        (LeadState.Eligible, LeadState.Active),
        (LeadState.Eligible, LeadState.Skipped),
        (LeadState.Eligible, LeadState.Quarantine),
        (LeadState.Active, LeadState.Engaged),
        (LeadState.Active, LeadState.Completed),
        (LeadState.Active, LeadState.Quarantine),
        (LeadState.Engaged, LeadState.Completed),
        (LeadState.Skipped, LeadState.Quarantine),
        (LeadState.Completed, LeadState.Archived),
    ];

    public static TheoryData<LeadState, LeadState> LegalData()
    {
        var data = new TheoryData<LeadState, LeadState>();
        foreach (var (f, t) in Legal) data.Add(f, t);
        return data;
    }

    [Theory]
    [MemberData(nameof(LegalData))]
    public void Every_transition_of_the_table_is_allowed(LeadState from, LeadState to)
    {
        Assert.True(LeadStateMachine.CanTransition(from, to));
        Assert.Equal(to, LeadStateMachine.Transition(from, to));
        Assert.True(LeadStateMachine.TryTransition(from, to).Allowed);
    }

    [Fact]
    public void An_illegal_transition_throws_naming_both_states()
    {
        var e = Assert.Throws<IllegalTransitionException>(() => LeadStateMachine.Transition(LeadState.Completed, LeadState.Active));
        Assert.Contains("COMPLETED", e.Message);
        Assert.Contains("ACTIVE", e.Message);
        Assert.Equal(LeadState.Completed, e.From);
        Assert.Equal(LeadState.Active, e.To);
    }

    [Fact]
    public void A_refusal_from_a_final_state_says_it_is_final()
    {
        var r = LeadStateMachine.TryTransition(LeadState.Archived, LeadState.Eligible);
        Assert.False(r.Allowed);
        Assert.Contains("ARCHIVED", r.Reason);
        Assert.Contains("ELIGIBLE", r.Reason);
        Assert.Contains("final", r.Reason);
    }

    [Fact]
    public void Staying_in_the_same_state_is_not_a_transition() =>
        Assert.False(LeadStateMachine.CanTransition(LeadState.Active, LeadState.Active));

    [Fact]
    public void The_state_machine_accepts_nothing_outside_its_table() =>
        Gen.Select(Gen.Enum<LeadState>(), Gen.Enum<LeadState>()).Sample((from, to) =>
        {
            var expected = Legal.Contains((from, to));
            Assert.Equal(expected, LeadStateMachine.CanTransition(from, to));
            var result = LeadStateMachine.TryTransition(from, to);
            Assert.Equal(expected, result.Allowed);
            if (!expected)
            {
                Assert.Contains(LeadStateMachine.Name(from), result.Reason);
                Assert.Contains(LeadStateMachine.Name(to), result.Reason);
            }
        });

    [Fact]
    public void Every_pair_of_states_agrees_with_the_table()
    {
        var all = Enum.GetValues<LeadState>();
        var allowed = all.SelectMany(f => all.Where(t => LeadStateMachine.CanTransition(f, t)).Select(t => (f, t))).ToHashSet();
        Assert.Equal(Legal.ToHashSet(), allowed);
    }
}
