namespace ColdEmail.Domain.Enrolment;

/// <summary>What the enrolment decider asks its executor to do next (one request at a time).</summary>
public abstract record EnrolmentDecision;

/// <summary>Send these leads (positions in the batch, in this order) in one bulk add; answer with <see cref="LeadsAdded"/> or <see cref="AddFailed"/>.</summary>
public sealed record SendLeads(IReadOnlyList<int> Leads) : EnrolmentDecision;

/// <summary>Ask Instantly which of these emails it holds; answer with <see cref="LeadsFound"/> or <see cref="FindFailed"/>.</summary>
public sealed record FindLeads(IReadOnlyList<string> Emails) : EnrolmentDecision;

/// <summary>Wait before sending again; answer with <see cref="PauseOver"/>.</summary>
public sealed record PauseBeforeRetry(TimeSpan Wait) : EnrolmentDecision;

/// <summary>Every lead of the batch is settled. <paramref name="StopReason"/>: why the run must stop sending (a request or account fault), or null.</summary>
public sealed record EnrolmentFinished(IReadOnlyList<LeadSettlement> Settled, string? StopReason) : EnrolmentDecision;
