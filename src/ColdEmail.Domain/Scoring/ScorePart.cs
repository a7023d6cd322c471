namespace ColdEmail.Domain.Scoring;

/// <summary>One line of a score: which factor, how many points, and why.</summary>
public sealed record ScorePart(string Factor, int Points, string Reason);
