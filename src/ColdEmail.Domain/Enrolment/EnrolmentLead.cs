namespace ColdEmail.Domain.Enrolment;

/// <summary>
/// One lead of a batch as the enrolment decider sees it: its normalised email, the revenue that buys it more retries
/// (<see cref="Retry.RetryStrategy"/>) and the failed attempts it already had in earlier runs (its dead letter's count).
/// </summary>
public sealed record EnrolmentLead(string Email, decimal? Revenue, int PriorAttempts = 0);
