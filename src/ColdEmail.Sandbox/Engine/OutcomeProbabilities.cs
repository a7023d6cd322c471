namespace ColdEmail.Sandbox.Engine;

/// <summary>
/// What may happen after each email the engine sends, checked in this order: bounce (ends), open, click (of an open),
/// genuine reply (ends: stop on reply), out-of-office auto-reply (the sequence goes on), unsubscribe (ends).
/// </summary>
public sealed record OutcomeProbabilities(
    double Bounce = 0.02,
    double Open = 0.45,
    double ClickGivenOpen = 0.10,
    double Reply = 0.03,
    double AutoReply = 0.02,
    double Unsubscribe = 0.01)
{
    public static OutcomeProbabilities Typical { get; } = new();
    public static OutcomeProbabilities Nothing { get; } = new(0, 0, 0, 0, 0, 0);

    public void Validate()
    {
        foreach (var (name, p) in new[] { (nameof(Bounce), Bounce), (nameof(Open), Open), (nameof(ClickGivenOpen), ClickGivenOpen),
                     (nameof(Reply), Reply), (nameof(AutoReply), AutoReply), (nameof(Unsubscribe), Unsubscribe) })
            if (p is < 0 or > 1 || double.IsNaN(p))
                throw new ArgumentOutOfRangeException(name, p, $"Outcome probability {name} must be within 0..1.");
    }
}
