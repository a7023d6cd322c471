namespace ColdEmail.Domain.Budget;

/// <summary>A node's gateway asks for up to <paramref name="Wanted"/> permits (one permit = one Instantly request).</summary>
public sealed record PermitRequest(string Node, int Wanted);

/// <summary>
/// The budget's answer: <paramref name="Granted"/> permits (possibly 0) to spend before <paramref name="ValidUntil"/>;
/// when fewer than wanted were granted, <paramref name="RetryAfter"/> says when capacity frees up.
/// </summary>
public sealed record PermitGrant(string Node, int Granted, DateTimeOffset At, DateTimeOffset ValidUntil, TimeSpan RetryAfter);

/// <summary>One grant as the budget remembers it (no email, no payload: a count and a time).</summary>
public readonly record struct Spend(DateTimeOffset At, int Count, string Node);
