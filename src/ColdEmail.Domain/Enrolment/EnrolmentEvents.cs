using ColdEmail.Domain.Retry;

namespace ColdEmail.Domain.Enrolment;

/// <summary>What happened to the request the decider asked for; the executor feeds it back.</summary>
public abstract record EnrolmentEvent;

/// <summary>A lead Instantly created: its position in the leads sent, its id, and the email it echoed (if any).</summary>
public sealed record CreatedLeadRef(int Index, string Id, string? Email);

/// <summary>A bulk add was answered: the leads it created and its counters (why the others were not).</summary>
public sealed record LeadsAdded(
    IReadOnlyList<CreatedLeadRef> Created,
    int InBlocklist,
    int InvalidEmailCount,
    int IncompleteCount,
    int DuplicateEmailCount,
    int? RemainingInPlan,
    long ElapsedMs) : EnrolmentEvent;

/// <summary>
/// How a call to Instantly failed: the kind of answer, the HTTP status and message (what the fault scope is read from)
/// and the error as the executor describes it (quoted in reasons).
/// </summary>
public sealed record InstantlyFailure(AnswerKind Answer, int? Status, string? Message, string Description)
{
    public override string ToString() => Description;
}

/// <summary>A bulk add failed.</summary>
public sealed record AddFailed(InstantlyFailure Failure, long ElapsedMs) : EnrolmentEvent;

/// <summary>Instantly was asked which of the emails it holds, and answered.</summary>
public sealed record LeadsFound(Reconciliation Found) : EnrolmentEvent;

/// <summary>Instantly could not be asked which emails it holds (after the executor's own read retries).</summary>
public sealed record FindFailed(int? Status, string Description) : EnrolmentEvent;

/// <summary>The pause the decider asked for is over.</summary>
public sealed record PauseOver : EnrolmentEvent
{
    public static PauseOver Instance { get; } = new();
}
