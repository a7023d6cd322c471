namespace ColdEmail.Sandbox.Engine;

/// <summary>
/// What may happen after each email the engine sends, checked in this order: bounce (ends), open, click (of an open),
/// genuine reply (ends: stop on reply), out-of-office auto-reply (the sequence goes on), unsubscribe (ends).
/// The last four are the share of genuine replies Instantly labels (<c>lt_interest_status</c>) one simulated day after the
/// reply arrives: interested (1), meeting booked (2), not interested (-1), wrong person (-2); the rest stay unlabelled.
/// </summary>
/// <remarks>
/// <see cref="Typical"/> is per email and chosen so that a lead going through a five-step sequence ends near the published
/// cold-email benchmarks (see README.md, "Default outcome rates"): about 3.4 % replies, 3 % hard bounces, 1 % unsubscribes,
/// 2 % out-of-office replies, 42 % opens.
/// </remarks>
public sealed record OutcomeProbabilities(
    double Bounce = 0.006,
    double Open = 0.42,
    double ClickGivenOpen = 0.05,
    double Reply = 0.007,
    double AutoReply = 0.004,
    double Unsubscribe = 0.002,
    double Interested = 0.25,
    double MeetingBooked = 0.10,
    double NotInterested = 0.30,
    double WrongPerson = 0.08)
{
    public static OutcomeProbabilities Typical { get; } = new();
    public static OutcomeProbabilities Nothing { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public void Validate()
    {
        foreach (var (name, p) in new[] { (nameof(Bounce), Bounce), (nameof(Open), Open), (nameof(ClickGivenOpen), ClickGivenOpen),
                     (nameof(Reply), Reply), (nameof(AutoReply), AutoReply), (nameof(Unsubscribe), Unsubscribe),
                     (nameof(Interested), Interested), (nameof(MeetingBooked), MeetingBooked), (nameof(NotInterested), NotInterested),
                     (nameof(WrongPerson), WrongPerson) })
            if (p is < 0 or > 1 || double.IsNaN(p))
                throw new ArgumentOutOfRangeException(name, p, $"Outcome probability {name} must be within 0..1.");
        var labelled = Interested + MeetingBooked + NotInterested + WrongPerson;
        if (labelled > 1 + 1e-9)
            throw new ArgumentOutOfRangeException(nameof(Interested), labelled,
                "Interested + MeetingBooked + NotInterested + WrongPerson are shares of the replies and must not exceed 1.");
    }
}
