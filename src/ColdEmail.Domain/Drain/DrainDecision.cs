namespace ColdEmail.Domain.Drain;

/// <summary>
/// Two independent answers about one lead: whether the person goes on the suppression list now
/// (<see cref="SuppressionReason"/>, decided at first sight) and whether the lead leaves Instantly
/// (<see cref="Drain"/>, only when its sequence is over). <see cref="Explanation"/> is for people.
/// </summary>
public abstract record DrainDecision(string Explanation, string? SuppressionReason)
{
    public sealed record Drain(DrainReason Reason, string Explanation, string? SuppressionReason = null)
        : DrainDecision(Explanation, SuppressionReason)
    {
        public string Code => Reason.Code();
        public string HistoryOutcome => Reason.HistoryOutcome();
    }

    public sealed record Keep(string Explanation, string? SuppressionReason = null) : DrainDecision(Explanation, SuppressionReason);

    public bool IsDrain => this is Drain;

    /// <summary>The person is never enrolled again (reason in <see cref="SuppressionReason"/>).</summary>
    public bool SuppressForever => SuppressionReason is not null;
}
