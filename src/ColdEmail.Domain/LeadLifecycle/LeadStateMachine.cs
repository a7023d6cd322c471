using System.Collections.Frozen;
using ColdEmail.Domain.Leads;

namespace ColdEmail.Domain.LeadLifecycle;

/// <summary>
/// The seed's lead lifecycle: ELIGIBLE → ACTIVE | SKIPPED | QUARANTINE; ACTIVE → ENGAGED | COMPLETED |
/// QUARANTINE; ENGAGED → COMPLETED; SKIPPED → QUARANTINE; COMPLETED → ARCHIVED. Nothing else, not even
/// a state to itself: a repeated event is the caller's idempotence to handle, not a transition.
/// </summary>
public static class LeadStateMachine
{
    public static readonly FrozenDictionary<LeadState, FrozenSet<LeadState>> Transitions =
        new Dictionary<LeadState, FrozenSet<LeadState>>
        {
            [LeadState.Eligible] = new[] { LeadState.Active, LeadState.Skipped, LeadState.Quarantine }.ToFrozenSet(),
            [LeadState.Active] = new[] { LeadState.Engaged, LeadState.Completed, LeadState.Quarantine }.ToFrozenSet(),
            [LeadState.Engaged] = new[] { LeadState.Completed }.ToFrozenSet(),
            [LeadState.Skipped] = new[] { LeadState.Quarantine }.ToFrozenSet(),
            [LeadState.Completed] = new[] { LeadState.Archived }.ToFrozenSet(),
            [LeadState.Quarantine] = FrozenSet<LeadState>.Empty,
            [LeadState.Archived] = FrozenSet<LeadState>.Empty,
        }.ToFrozenDictionary();

    public static bool CanTransition(LeadState from, LeadState to) =>
        Transitions.TryGetValue(from, out var next) && next.Contains(to);

    public static IReadOnlySet<LeadState> NextStates(LeadState from) =>
        Transitions.TryGetValue(from, out var next) ? next : FrozenSet<LeadState>.Empty;

    /// <summary>The transition, or a refusal naming both states and what <paramref name="from"/> allows.</summary>
    public static TransitionResult TryTransition(LeadState from, LeadState to)
    {
        if (CanTransition(from, to)) return new TransitionResult(true, from, to, $"{Name(from)} → {Name(to)}");
        var allowed = NextStates(from);
        var options = allowed.Count == 0
            ? $"{Name(from)} is final"
            : $"{Name(from)} may only go to {string.Join(", ", allowed.Order().Select(Name))}";
        return new TransitionResult(false, from, to, $"illegal transition {Name(from)} → {Name(to)}: {options}");
    }

    /// <summary>Like <see cref="TryTransition"/> but throws <see cref="IllegalTransitionException"/> on refusal.</summary>
    public static LeadState Transition(LeadState from, LeadState to)
    {
        var result = TryTransition(from, to);
        return result.Allowed ? to : throw new IllegalTransitionException(from, to, result.Reason);
    }

    public static string Name(LeadState state) => state.ToString().ToUpperInvariant();
}

public sealed record TransitionResult(bool Allowed, LeadState From, LeadState To, string Reason);

public sealed class IllegalTransitionException(LeadState from, LeadState to, string message)
    : InvalidOperationException(message)
{
    public LeadState From { get; } = from;
    public LeadState To { get; } = to;
}
