namespace ColdEmail.Domain.Drain;

/// <summary>Drain the lead (with a <see cref="DrainReason"/>) or keep it; <see cref="Explanation"/> is for people.</summary>
public abstract record DrainDecision(string Explanation)
{
    public sealed record Drain(DrainReason Reason, string Explanation) : DrainDecision(Explanation)
    {
        public string Code => Reason.Code();
        public bool SuppressForever => Reason.SuppressForever();
        public string HistoryOutcome => Reason.HistoryOutcome();
    }

    public sealed record Keep(string Explanation) : DrainDecision(Explanation);

    public bool IsDrain => this is Drain;
}
